namespace IvrApi.Lex;

public sealed record LexSessionState(
    IReadOnlyDictionary<string, string> SessionAttributes,
    LexDialogAction DialogAction,
    LexIntent Intent);
