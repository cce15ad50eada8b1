namespace IvrDeploy;

/// <summary>
/// Source ranges of Amazon Chime SDK Voice Connector traffic, per region, as published in
/// https://docs.aws.amazon.com/chime-sdk/latest/ag/network-config.html (section "Amazon Chime SDK Voice Connector").
/// The PBX opens SIP to the signalling ranges only (RTP is shared with the agents' browsers; see PbxHost).
/// </summary>
internal sealed record ChimeNetwork(IReadOnlyList<string> SignalingCidrs)
{
    public static ChimeNetwork For(string region) => region switch
    {
        "us-east-1" => new(["3.80.16.0/23"]),
        "us-west-2" => new(["99.77.253.0/24"]),
        _ => throw new ArgumentException(
            $"Region '{region}' has no PSTN audio; deploy to one of {string.Join(", ", DeploySettings.SupportedRegions)}.", nameof(region)),
    };
}
