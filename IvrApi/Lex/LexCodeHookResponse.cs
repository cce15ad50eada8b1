namespace IvrApi.Lex;

/// <summary>The Lex V2 code hook response (camelCase on the wire).</summary>
public sealed record LexCodeHookResponse(LexSessionState SessionState, IReadOnlyList<LexMessage> Messages);
