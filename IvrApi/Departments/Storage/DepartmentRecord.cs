using System.Text.Json.Serialization;
using IvrApi.Routing;

namespace IvrApi.Departments.Storage;

/// <summary>
/// A department as stored: the AWS sample's DynamoDB item shape, also the seed file's and the admin API's.
/// <c>position</c> orders a table, which has no order of its own, the way the seed file's order does (the keypad menu
/// numbers departments by it). <c>hours</c> is optional: none means always open.
/// </summary>
public sealed record DepartmentRecord(
    [property: JsonPropertyName("department_name")] string? DepartmentName,
    [property: JsonPropertyName("service")] string? Service,
    [property: JsonPropertyName("number")] string? Number,
    [property: JsonPropertyName("synonyms"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Synonyms = null,
    [property: JsonPropertyName("position"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Position = null,
    [property: JsonPropertyName("hours"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] HoursRecord? Hours = null,
    [property: JsonPropertyName("max_wait_seconds"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? MaxWaitSeconds = null)
{
    public Department? ToDepartment(out FieldError? error)
    {
        var department = DepartmentRules.TryCreate(DepartmentName, Service, Number, Synonyms, out error);
        if (department is not null && DepartmentRules.CheckMaxWait(department.Name, MaxWaitSeconds) is { } waitError)
        {
            error = waitError;
            return null;
        }

        if (department is null || Hours is null)
        {
            return department is null ? null : department with { Position = Position, MaxWaitSeconds = MaxWaitSeconds };
        }

        var hours = OpeningHoursRules.TryParse(Hours.TimeZone, Hours.Weekly, Hours.Holidays, Hours.AfterHours, Hours.ClosedMessage, out error);
        if (hours is null)
        {
            error = error! with { Message = $"hours of '{department.Name}': {error!.Message}" };
            return null;
        }

        return department with { Hours = hours, Position = Position, MaxWaitSeconds = MaxWaitSeconds };
    }

    public static DepartmentRecord From(Department department) => new(
        department.Name,
        DepartmentRules.ServiceName(department.Service),
        department.Number,
        department.Synonyms.Count == 0 ? null : department.Synonyms,
        department.Position,
        department.Hours is { } hours
            ? new HoursRecord(
                hours.TimeZone.Id,
                OpeningHoursRules.Describe(hours.Windows),
                hours.Holidays.Order().Select(d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
                OpeningHoursRules.Describe(hours.AfterHours),
                hours.ClosedMessage)
            : null,
        department.MaxWaitSeconds);
}
