using System.Text.Json.Serialization;

namespace IvrApi.Lex;

public sealed record LexSlotValue(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? OriginalValue,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? InterpretedValue,
    IReadOnlyList<string> ResolvedValues);
