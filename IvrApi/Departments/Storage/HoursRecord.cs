using System.Text.Json.Serialization;
using IvrApi.Routing;

namespace IvrApi.Departments.Storage;

/// <summary>Opening hours as stored; see <see cref="OpeningHoursRules"/> for the syntax.</summary>
public sealed record HoursRecord(
    [property: JsonPropertyName("time_zone")] string? TimeZone,
    [property: JsonPropertyName("weekly")] string? Weekly,
    [property: JsonPropertyName("holidays")] IReadOnlyList<string>? Holidays,
    [property: JsonPropertyName("after_hours")] string? AfterHours,
    [property: JsonPropertyName("closed_message"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] MessageRecord? ClosedMessage = null,
    [property: JsonPropertyName("after_hours_message"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] MessageRecord? AfterHoursMessage = null)
{
    /// <summary>The hours, or the first thing wrong with them (field names under <c>hours.</c>).</summary>
    public OpeningHours? ToHours(out FieldError? error)
    {
        error = null;
        var closed = ClosedMessage?.ToText("hours.closed_message", out error);
        if (error is not null)
        {
            return null;
        }

        var afterHoursMessage = AfterHoursMessage?.ToText("hours.after_hours_message", out error);
        return error is not null ? null : OpeningHoursRules.TryParse(TimeZone, Weekly, Holidays, AfterHours, afterHoursMessage, closed, out error);
    }

    public static HoursRecord From(OpeningHours hours) => new(
        hours.TimeZone.Id,
        OpeningHoursRules.Describe(hours.Windows),
        hours.Holidays.Order().Select(d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
        OpeningHoursRules.Describe(hours.AfterHours),
        MessageRecord.From(hours.ClosedMessage),
        MessageRecord.From(OpeningHoursRules.StoredMessage(hours.AfterHours)));
}
