namespace IvrApi.Routing;

/// <summary>
/// What the bot conversation ended with: the department the bot decided on (or only heard, when its code hook never
/// decided), a hand-over to the operator the bot has already announced, or the caller's choice of the language the
/// welcome offered (<paramref name="Language"/>), in which the bot asks again.
/// </summary>
public sealed record BotOutcome(string? Department, bool OperatorRequested, CallLanguage? Language = null);
