namespace IvrApi.Sma;

public sealed record BotWelcomeMessage(string Content, string ContentType = "PlainText");
