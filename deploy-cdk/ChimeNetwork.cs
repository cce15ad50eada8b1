namespace IvrDeploy;

/// <summary>
/// Source ranges of Amazon Chime SDK Voice Connector traffic, per region, as published in
/// https://docs.aws.amazon.com/chime-sdk/latest/ag/network-config.html (section "Amazon Chime SDK Voice Connector").
/// The PBX opens SIP and RTP to these ranges only.
/// </summary>
internal sealed record ChimeNetwork(IReadOnlyList<string> SignalingCidrs, IReadOnlyList<string> MediaCidrs)
{
    public static ChimeNetwork For(string region) => region switch
    {
        "us-east-1" => new(
            ["3.80.16.0/23"],
            ["3.80.16.0/23", "52.55.62.128/25", "52.55.63.0/25", "34.212.95.128/25", "34.223.21.0/25"]),
        "us-west-2" => new(["99.77.253.0/24"], ["99.77.253.0/24"]),
        _ => throw new ArgumentException(
            $"Region '{region}' has no PSTN audio; deploy to one of {string.Join(", ", DeploySettings.SupportedRegions)}.", nameof(region)),
    };
}
