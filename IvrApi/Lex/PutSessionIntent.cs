namespace IvrApi.Lex;

public sealed record PutSessionIntent(string Name);
