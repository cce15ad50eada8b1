using System.Text.Json.Serialization;

namespace IvrApi.Lex;

public sealed record PutSessionIntent(
    string Name,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, LexSlot?>? Slots = null);
