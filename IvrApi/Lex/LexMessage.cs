namespace IvrApi.Lex;

public sealed record LexMessage(string Content, string ContentType = "PlainText");
