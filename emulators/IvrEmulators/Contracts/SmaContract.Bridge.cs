using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace IvrEmulators.Contracts;

/// <summary>CallAndBridge's rules (https://docs.aws.amazon.com/chime-sdk/latest/dg/call-and-bridge.html).</summary>
public static partial class SmaContract
{
    /// <summary>"You can pass up to 20 SIP headers" / values up to 2,048 characters (https://docs.aws.amazon.com/chime-sdk/latest/dg/sip-headers.html).</summary>
    public const int MaxSipHeaders = 20;

    public const int MaxSipHeaderValue = 2048;

    /// <summary>
    /// Why CallAndBridge with these parameters fails (ACTION_FAILED InvalidActionParameter, with the documented
    /// message), or null. CallTimeoutSeconds "Integer 0 &lt; x &lt;= 120"; CallerIdNumber "A number belonging to the
    /// customer, or the From number of the A Leg"; exactly one endpoint; PSTN Uri E.164; AWS needs a Voice Connector
    /// Arn, Uri 1-30 characters; SIP headers x-… / User-to-User / Diversion, none of <see cref="ReservedHeaderPrefixes"/>.
    /// </summary>
    public static string? BridgeProblem(JsonObject parameters, SmaCallView call)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(call);
        if (call.LegB is { Connected: true })
        {
            return "The call is already bridged";
        }

        if (parameters["CallTimeoutSeconds"] is { } timeout && Number(timeout) is not (> 0 and <= 120))
        {
            return "The MaxCallTimeout parameter is invalid";
        }

        var callerId = Text(parameters["CallerIdNumber"]);
        if (callerId is null)
        {
            return "Caller ID not defined";
        }

        if (!E164().IsMatch(callerId) || (callerId != call.LegA.From && callerId != call.LegA.To && !call.OwnedNumbers.Contains(callerId)))
        {
            return "Invalid caller ID number provided";
        }

        if (parameters["Endpoints"] is not JsonArray { Count: 1 } endpoints || endpoints[0] is not JsonObject endpoint)
        {
            return "Invalid number of endpoints provided";
        }

        var uri = Text(endpoint["Uri"]);
        switch (Text(endpoint["BridgeEndpointType"]))
        {
            case "PSTN":
                if (endpoint["Arn"] is not null || uri is null || !E164().IsMatch(uri))
                {
                    return "Endpoint parameter is invalid";
                }

                break;
            case "AWS":
                var arn = Text(endpoint["Arn"]);
                var known = call.VoiceConnectorArns.Count == 0
                    ? arn is not null && VoiceConnectorArn().IsMatch(arn)
                    : arn is not null && call.VoiceConnectorArns.Contains(arn);
                if (!known || uri is null || !VoiceConnectorUri().IsMatch(uri))
                {
                    return "Endpoint parameter is invalid";
                }

                break;
            default:
                return "Endpoint parameter is invalid";
        }

        return SipHeadersProblem(parameters["SipHeaders"]);
    }

    private static string? SipHeadersProblem(JsonNode? sipHeaders)
    {
        if (sipHeaders is null)
        {
            return null;
        }

        if (sipHeaders is not JsonObject map || map.Count > MaxSipHeaders)
        {
            return "Invalid SIP header(s) provided";
        }

        foreach (var (name, value) in map)
        {
            var allowed = name.StartsWith("x-", StringComparison.OrdinalIgnoreCase) || name is "User-to-User" or "Diversion";
            var reserved = ReservedHeaderPrefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase));
            // The page gives no grammar for values; UNFRIENDLY: one that SIP would have to quote or that could end the
            // header (quotes, backslashes, CR/LF, control characters, edge spaces) is refused.
            if (!allowed || reserved || Text(value) is not { Length: <= MaxSipHeaderValue } text || !SafeHeaderValue().IsMatch(text))
            {
                return $"Invalid SIP header(s) provided: {name}";
            }
        }

        return null;
    }

    [GeneratedRegex(@"^arn:aws[a-z-]*:chime:[a-z0-9-]+:\d{12}:vc(-group)?/[a-z0-9]+$")]
    private static partial Regex VoiceConnectorArn();

    [GeneratedRegex(@"^[a-zA-Z0-9&=+$/%\-_!~*().]{1,30}$")]
    private static partial Regex VoiceConnectorUri();

    // Printable ASCII without quotes or backslashes; no leading or trailing space.
    [GeneratedRegex(@"^[!#-\[\]-~]([ !#-\[\]-~]*[!#-\[\]-~])?$")]
    private static partial Regex SafeHeaderValue();
}
