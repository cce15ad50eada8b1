namespace IvrApi.Lex;

public sealed record PutSessionState(
    IReadOnlyDictionary<string, string> SessionAttributes,
    PutSessionIntent Intent,
    LexDialogAction DialogAction);
