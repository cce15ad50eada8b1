namespace IvrApi.Sma;

/// <summary>StartBotConversation accepts only <c>Delegate</c> or <c>ElicitIntent</c>.</summary>
public sealed record BotDialogAction(string Type);
