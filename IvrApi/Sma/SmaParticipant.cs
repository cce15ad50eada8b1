namespace IvrApi.Sma;

/// <summary>One call leg as the SIP media application reports it.</summary>
internal sealed record SmaParticipant(string? CallId, string? ParticipantTag, string? From, string? To, string? Status)
{
    public bool IsCaller => string.Equals(ParticipantTag, "LEG-A", StringComparison.OrdinalIgnoreCase);

    // Status is absent on some events; only an explicit Disconnected rules a leg out.
    public bool MaybeConnected => !string.Equals(Status, "Disconnected", StringComparison.OrdinalIgnoreCase);
}
