using System.Text.Json.Serialization;
using IvrApi.Routing;

namespace IvrApi.Departments.Storage;

/// <summary>
/// A department as stored: the AWS sample's DynamoDB item shape, also the seed file's and the admin API's.
/// <c>position</c> orders a table, which has no order of its own, the way the seed file's order does (the keypad menu
/// numbers departments by it). <c>hours</c> is optional: none means always open. <c>department_name</c> and
/// <c>synonyms</c> are the English words; <c>names</c> holds the other languages' (<c>{"es": {"name": "historia",
/// "synonyms": [...]}}</c>).
/// </summary>
public sealed record DepartmentRecord(
    [property: JsonPropertyName("department_name")] string? DepartmentName,
    [property: JsonPropertyName("service")] string? Service,
    [property: JsonPropertyName("number")] string? Number,
    [property: JsonPropertyName("synonyms"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Synonyms = null,
    [property: JsonPropertyName("position"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Position = null,
    [property: JsonPropertyName("hours"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] HoursRecord? Hours = null,
    [property: JsonPropertyName("max_wait_seconds"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? MaxWaitSeconds = null,
    [property: JsonPropertyName("names"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, NamesRecord?>? Names = null)
{
    public Department? ToDepartment(out FieldError? error)
    {
        var department = DepartmentRules.TryCreate(DepartmentName, Service, Number, Synonyms, out error);
        if (department is null)
        {
            return null;
        }

        if (DepartmentRules.CheckMaxWait(department.Name, MaxWaitSeconds) is { } waitError)
        {
            error = waitError;
            return null;
        }

        var names = new Dictionary<CallLanguage, SpokenNames>();
        foreach (var (code, given) in Names ?? new Dictionary<string, NamesRecord?>())
        {
            // English words are department_name and synonyms: one place for them.
            if (CallLanguages.FromCode(code) is not { } language || code != language.Code || language == CallLanguage.English)
            {
                error = new("names", $"names of '{department.Name}' has '{code}'; it holds {string.Join(", ", CallLanguages.All.Where(l => l != CallLanguage.English).Select(l => l.Code))} (English is department_name and synonyms)");
                return null;
            }

            if (DepartmentRules.TryCreateNames(department.Name, language, given?.Name, given?.Synonyms, out error) is not { } spoken)
            {
                return null;
            }

            names[language] = spoken;
        }

        department = department with { Names = names, Position = Position, MaxWaitSeconds = MaxWaitSeconds };
        if (Hours is null)
        {
            return department;
        }

        var hours = Hours.ToHours(out error);
        if (hours is null)
        {
            error = error! with { Message = $"hours of '{department.Name}': {error!.Message}" };
            return null;
        }

        return department with { Hours = hours };
    }

    public static DepartmentRecord From(Department department) => new(
        department.Name,
        DepartmentRules.ServiceName(department.Service),
        department.Number,
        department.Synonyms.Count == 0 ? null : department.Synonyms,
        department.Position,
        department.Hours is { } hours ? HoursRecord.From(hours) : null,
        department.MaxWaitSeconds,
        department.Names.Count == 0
            ? null
            : department.Names.OrderBy(n => n.Key).ToDictionary(
                n => n.Key.Code,
                n => (NamesRecord?)new NamesRecord(n.Value.Name, n.Value.Synonyms.Count == 0 ? null : n.Value.Synonyms),
                StringComparer.Ordinal));
}
