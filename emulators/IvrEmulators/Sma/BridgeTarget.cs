namespace IvrEmulators.Sma;

/// <summary>A CallAndBridge as the SMA places it: the B-leg INVITE's target, caller ID and SIP headers.</summary>
public sealed record BridgeRequest(
    string EndpointType, string? Arn, string Uri, string CallerIdNumber, IReadOnlyDictionary<string, string> SipHeaders, int TimeoutSeconds);

/// <summary>
/// Where the B-leg goes. The emulator's default answers from the call script; a PBX-backed implementation (e.g. a real
/// SIP INVITE to a local Asterisk for Voice Connector endpoints) plugs in here.
/// </summary>
public interface IBridgeTarget
{
    Task<BridgeOutcome> DialAsync(BridgeRequest request, CancellationToken cancellationToken);
}

/// <summary>The script's outcome for the endpoint Uri, else its default.</summary>
public sealed class ScriptedBridgeTarget(CallScript script) : IBridgeTarget
{
    public Task<BridgeOutcome> DialAsync(BridgeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Task.FromResult(script.Bridges.TryGetValue(request.Uri, out var outcome) ? outcome : script.DefaultBridge);
    }
}
