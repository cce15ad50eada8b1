using System.Text.Json.Serialization;
using IvrApi.Routing;

namespace IvrApi.Departments;

/// <summary>A department as stored: the AWS sample's DynamoDB item shape, also the seed file's.</summary>
public sealed record DepartmentRecord(
    [property: JsonPropertyName("department_name")] string? DepartmentName,
    [property: JsonPropertyName("service")] string? Service,
    [property: JsonPropertyName("number")] string? Number,
    [property: JsonPropertyName("synonyms"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Synonyms = null)
{
    public Department? ToDepartment(out string? error) => DepartmentRules.TryCreate(DepartmentName, Service, Number, Synonyms, out error);

    public static DepartmentRecord From(Department department) => new(
        department.Name,
        DepartmentRules.ServiceName(department.Service),
        department.Number,
        department.Synonyms.Count == 0 ? null : department.Synonyms);
}
