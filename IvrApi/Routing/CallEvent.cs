namespace IvrApi.Routing;

/// <summary>
/// One event on a call, as the router reads it: what happened (<see cref="Kind"/>, and to which of our
/// <see cref="Action"/>s), the legs as the event reports them, and what the call remembers. The SMA adapter fills it
/// in from the invocation event and decides nothing; every rule applied to it is <see cref="CallRouter"/>'s.
/// </summary>
public sealed record CallEvent(
    CallEventKind Kind,
    CallEventAction Action,
    CallLeg? Caller,
    IReadOnlyList<CallLeg> Legs,
    CallMemory Memory,
    BotOutcome? Bot = null,
    string? FailedEndpoint = null,
    string? ErrorType = null,
    CallLeg? HungUp = null)
{
    /// <summary>The event itself says the caller's leg is gone (explicitly disconnected).</summary>
    public bool CallerLeft => Legs.Any(l => l.IsCaller && !l.MaybeConnected);
}
