using System.Diagnostics;
using IvrEmulators.Sma;

/// <summary>
/// A CallAndBridge to the Voice Connector made real: a SIP INVITE, as the Voice Connector would send it (Request-URI
/// user, caller ID and the department header from the bridge), to the local Asterisk of <c>pbx/local-pbx.sh</c>, whose
/// agent's browser then rings with the department. PSTN endpoints still follow the call script. With several callers at
/// once, each has its own <paramref name="sippOptions"/> (SIP and media ports, a Call-ID of its own).
/// </summary>
internal sealed class PbxBridgeTarget(string repositoryRoot, IBridgeTarget otherwise, IReadOnlyList<string>? sippOptions = null) : IBridgeTarget
{
    public async Task<BridgeOutcome> DialAsync(BridgeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.EndpointType != "AWS")
        {
            return await otherwise.DialAsync(request, cancellationToken).ConfigureAwait(false);
        }

        // The department header (Sma:DepartmentHeader) is the SIP header IvrApi puts on a Voice Connector bridge besides
        // the language's; both go on the INVITE.
        var (header, department) = request.SipHeaders.FirstOrDefault(h => !IsLanguage(h.Key));
        var language = request.SipHeaders.FirstOrDefault(h => IsLanguage(h.Key)).Value;
        var start = new ProcessStartInfo("bash", [Path.Combine(repositoryRoot, "pbx", "local-pbx.sh"), "call", department ?? "", .. sippOptions ?? []])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["IVR_PBX_CALL_URI"] = request.Uri;
        start.Environment["IVR_PBX_CALL_FROM"] = request.CallerIdNumber;
        start.Environment["IVR_PBX_CALL_HEADER"] = header ?? "X-LexInfo";
        start.Environment["IVR_PBX_CALL_LANGUAGE"] = language ?? "en";
        Console.Error.WriteLine($"pbx: INVITE sip:{request.Uri} from {request.CallerIdNumber} with {header}: {department}, X-IVR-Language: {language ?? "en"}");
        using var sipp = Process.Start(start) ?? throw new InvalidOperationException("pbx/local-pbx.sh could not be started.");
        var output = sipp.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = sipp.StandardError.ReadToEndAsync(cancellationToken);
        await sipp.WaitForExitAsync(cancellationToken).ConfigureAwait(false);

        // SIPp ends with 0 once the call it placed was answered and ended (the agent, or the department's prompt, took
        // it); anything else means the INVITE failed.
        if (sipp.ExitCode != 0)
        {
            Console.Error.WriteLine($"pbx: the call failed (SIPp exit {sipp.ExitCode})\n{await errors.ConfigureAwait(false)}{await output.ConfigureAwait(false)}");
            return BridgeOutcome.Failed;
        }

        return BridgeOutcome.Answered;
    }

    private static bool IsLanguage(string header) => string.Equals(header, "X-IVR-Language", StringComparison.OrdinalIgnoreCase);
}
