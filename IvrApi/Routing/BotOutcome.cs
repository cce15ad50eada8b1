namespace IvrApi.Routing;

/// <summary>
/// What the bot conversation ended with: the department the bot decided on (or only heard, when its code hook never
/// decided), or a hand-over to the operator the bot has already announced.
/// </summary>
public sealed record BotOutcome(string? Department, bool OperatorRequested);
