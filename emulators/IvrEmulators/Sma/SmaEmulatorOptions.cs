namespace IvrEmulators.Sma;

/// <summary>Identity of the emulated SIP media application and what it owns.</summary>
public sealed record SmaEmulatorOptions
{
    public string AccountId { get; init; } = "111111111111";

    public string Region { get; init; } = "us-east-1";

    public string SipMediaApplicationId { get; init; } = "0f9e8d7c-6b5a-4c3d-8e2f-1a0b9c8d7e6f";

    public string SipRuleId { get; init; } = "8d7e2f1a-4b5c-4e6d-9a0b-1c2d3e4f5a6b";

    /// <summary>Voice Connector ARNs a CallAndBridge to <c>AWS</c> may name; empty accepts any Voice Connector ARN.</summary>
    public IReadOnlyCollection<string> VoiceConnectorArns { get; init; } = [];

    /// <summary>Numbers of the account (a caller ID may be one of these or LEG-A's From); the called number always is.</summary>
    public IReadOnlyCollection<string> OwnedNumbers { get; init; } = [];

    /// <summary>Invocations per call (the documented limit is 1,000; a runaway loop stops much earlier here).</summary>
    public int MaxInvocations { get; init; } = 100;

    public long MaxCallMs { get; init; } = 30 * 60 * 1000;

    /// <summary>Where the pages are silent, which reading to play (the SMA's own: <see cref="DocReadings.SpeakInput"/>).</summary>
    public DocReadings Readings { get; init; } = DocReadings.Default;
}
