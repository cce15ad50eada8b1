using IvrApi.Routing.Matching;

namespace IvrApi.Routing;

/// <summary>One thing to do on the call, in the domain's words; the SMA adapter turns each into an action.</summary>
public abstract record CallStep
{
    private CallStep()
    {
    }

    /// <summary>Speak to the caller, in the call's <paramref name="Language"/> (the router sets it on every step).</summary>
    public sealed record Say(string Text, CallLanguage Language = CallLanguage.English) : CallStep;

    /// <summary>
    /// Hand the caller to the bot. With a <paramref name="WelcomeText"/> the bot asks its first question itself, as a
    /// prompt the caller can answer before it ends. <paramref name="Menu"/> is the keypad menu the caller was given,
    /// which the bot's keys then follow; <paramref name="Proposed"/> the department a caller rule proposes, which the
    /// question asks about. The caller's number is not passed: the bot needs none, and its conversation logs would keep it.
    /// The bot talks in <paramref name="Language"/>; <paramref name="Offered"/> is the other language the welcome offers
    /// (its key and its name switch the call to it).
    /// </summary>
    public sealed record StartBot(string? WelcomeText, KeypadMenu Menu, string? Proposed = null, CallLanguage Language = CallLanguage.English, CallLanguage? Offered = null) : CallStep;

    /// <summary>
    /// Bridge the caller to a destination, presenting <paramref name="CallerId"/>: the router sets it from the event
    /// (the caller's own number, or ours when theirs is withheld) before the plan leaves it, and the call's
    /// <paramref name="Language"/>, which the PBX is told.
    /// </summary>
    public sealed record Bridge(Destination Destination, string? CallerId = null, CallLanguage Language = CallLanguage.English) : CallStep;

    /// <summary>Hang up one leg; null means the caller's.</summary>
    public sealed record Hangup(string? CallId = null, int SipResponseCode = 0) : CallStep;
}
