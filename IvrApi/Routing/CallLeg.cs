namespace IvrApi.Routing;

/// <summary>One leg of a call as an event reports it; any part may be missing from a damaged event.</summary>
public sealed record CallLeg(string? CallId, string? Tag, string? From = null, string? To = null, bool MaybeConnected = true)
{
    /// <summary>The caller's leg is LEG-A, never "the first participant".</summary>
    public const string CallerTag = "LEG-A";

    public bool IsCaller => string.Equals(Tag, CallerTag, StringComparison.OrdinalIgnoreCase);
}
