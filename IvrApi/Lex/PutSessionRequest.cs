using System.Text.Json.Serialization;

namespace IvrApi.Lex;

/// <summary>Body of the runtime PutSession call.</summary>
public sealed record PutSessionRequest(
    PutSessionState SessionState,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<LexMessage>? Messages = null);
