using System.Text.Json.Serialization;
using IvrApi.Routing;

namespace IvrApi.Departments.Storage;

/// <summary>Opening hours as stored; see <see cref="OpeningHoursRules"/> for the syntax.</summary>
public sealed record HoursRecord(
    [property: JsonPropertyName("time_zone")] string? TimeZone,
    [property: JsonPropertyName("weekly")] string? Weekly,
    [property: JsonPropertyName("holidays")] IReadOnlyList<string>? Holidays,
    [property: JsonPropertyName("after_hours")] string? AfterHours,
    [property: JsonPropertyName("closed_message"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ClosedMessage = null);
