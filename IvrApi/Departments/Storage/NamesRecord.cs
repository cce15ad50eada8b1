using System.Text.Json.Serialization;

namespace IvrApi.Departments.Storage;

/// <summary>A department's spoken name and synonyms in one language other than English, as stored under <c>names</c>.</summary>
public sealed record NamesRecord(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("synonyms"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string?>? Synonyms = null);
