using System.Text.Json.Serialization;

namespace IvrApi.Sma;

/// <summary>
/// The SMA's answer. <see cref="Actions"/> omitted keeps the running actions; an empty list stops them.
/// <see cref="TransactionAttributes"/> omitted keeps the stored ones.
/// </summary>
public sealed record SmaResponse(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<SmaAction>? Actions,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string>? TransactionAttributes = null)
{
    [JsonPropertyOrder(-1)]
    public string SchemaVersion => "1.0";
}
