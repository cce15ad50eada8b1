namespace IvrApi.Lex;

/// <summary>Body of the runtime PutSession call.</summary>
public sealed record PutSessionRequest(PutSessionState SessionState);
