using IvrApi.Routing.Matching;

namespace IvrApi.Routing;

/// <summary>One thing to do on the call, in the domain's words; the SMA adapter turns each into an action.</summary>
public abstract record CallStep
{
    private CallStep()
    {
    }

    /// <summary>Speak to the caller.</summary>
    public sealed record Say(string Text) : CallStep;

    /// <summary>
    /// Hand the caller to the bot. With a <paramref name="WelcomeText"/> the bot asks its first question itself, as a
    /// prompt the caller can answer before it ends. <paramref name="Menu"/> is the keypad menu the caller was given,
    /// which the bot's keys then follow; <paramref name="Proposed"/> the department a caller rule proposes, which the
    /// question asks about. The caller's number is not passed: the bot needs none, and its conversation logs would keep it.
    /// </summary>
    public sealed record StartBot(string? WelcomeText, KeypadMenu Menu, string? Proposed = null) : CallStep;

    /// <summary>
    /// Bridge the caller to a destination, presenting <paramref name="CallerId"/>: the router sets it from the event
    /// (the caller's own number, or ours when theirs is withheld) before the plan leaves it.
    /// </summary>
    public sealed record Bridge(Destination Destination, string? CallerId = null) : CallStep;

    /// <summary>Hang up one leg; null means the caller's.</summary>
    public sealed record Hangup(string? CallId = null, int SipResponseCode = 0) : CallStep;
}
