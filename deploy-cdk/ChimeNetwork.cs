namespace IvrDeploy;

/// <summary>
/// Source ranges of Amazon Chime SDK Voice Connector traffic, per region, as published in
/// https://docs.aws.amazon.com/chime-sdk/latest/ag/network-config.html (section "Amazon Chime SDK Voice Connector":
/// "SIP Signaling" on UDP/5060, TCP/5060, TLS/5061, and "Media" on UDP/5000:65000).
/// </summary>
internal sealed record ChimeNetwork(IReadOnlyList<string> SignalingCidrs, IReadOnlyList<string> MediaCidrs)
{
    public static ChimeNetwork For(string region) => region switch
    {
        "us-east-1" => new(["3.80.16.0/23"], ["3.80.16.0/23"]),
        "us-west-2" => new(["99.77.253.0/24"], ["99.77.253.0/24"]),
        // The region rule itself is DeploySettingsValidation.ThrowIfUnsupported; this arm only catches a supported region added without its ranges.
        _ => throw new ArgumentException($"No Voice Connector source ranges recorded for region '{region}'; add them from the page above.", nameof(region)),
    };
}
