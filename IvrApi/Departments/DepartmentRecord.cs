using System.Text.Json.Serialization;
using IvrApi.Routing;

namespace IvrApi.Departments;

/// <summary>
/// A department as stored: the AWS sample's DynamoDB item shape, also the seed file's. <c>position</c> orders a table,
/// which has no order of its own, the way the seed file's order does (the keypad menu numbers departments by it).
/// </summary>
public sealed record DepartmentRecord(
    [property: JsonPropertyName("department_name")] string? DepartmentName,
    [property: JsonPropertyName("service")] string? Service,
    [property: JsonPropertyName("number")] string? Number,
    [property: JsonPropertyName("synonyms"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Synonyms = null,
    [property: JsonPropertyName("position"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Position = null)
{
    public Department? ToDepartment(out string? error) => DepartmentRules.TryCreate(DepartmentName, Service, Number, Synonyms, out error);

    public static DepartmentRecord From(Department department) => new(
        department.Name,
        DepartmentRules.ServiceName(department.Service),
        department.Number,
        department.Synonyms.Count == 0 ? null : department.Synonyms);
}
