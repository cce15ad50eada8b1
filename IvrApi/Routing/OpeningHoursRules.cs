using System.Globalization;
using IvrApi.Departments;

namespace IvrApi.Routing;

/// <summary>
/// The one place that reads opening hours as stored: <c>weekly</c> like <c>"Mon-Fri 09:00-17:00, Sat 10:00-14:00"</c>,
/// an IANA <c>time_zone</c>, <c>holidays</c> as <c>yyyy-MM-dd</c>, and <c>after_hours</c> as
/// <c>department:NAME</c>, <c>pstn:+E164</c>, <c>message:TEXT</c> (English) or <c>message</c> with the text per language
/// in <c>after_hours_message</c>.
/// </summary>
public static class OpeningHoursRules
{
    /// <summary>Said before the after-hours route in one Speak (<see cref="SpeechLimits"/>).</summary>
    public const int MaxClosedMessageLength = 250;

    /// <summary>An after-hours message (each language's text), said after the closed message.</summary>
    public const int MaxAfterHoursMessageLength = 500;

    private static readonly string[] Days = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    public static OpeningHours? TryParse(string? timeZone, string? weekly, IEnumerable<string>? holidays, string? afterHours, LocalizedText? afterHoursMessage, LocalizedText? closedMessage, out FieldError? error)
    {
        error = null;
        TimeZoneInfo zone;
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone ?? "");
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            error = new("hours.time_zone", $"time zone '{timeZone}' is not a known IANA time zone");
            return null;
        }

        var windows = new List<OpeningWindow>();
        foreach (var part in (weekly ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!TryParseWindow(part, windows))
            {
                error = new("hours.weekly", $"opening hours '{part}' must look like 'Mon-Fri 09:00-17:00' (days Sun..Sat, times HH:mm, open before close)");
                return null;
            }
        }

        var days = new HashSet<DateOnly>();
        foreach (var holiday in holidays ?? [])
        {
            if (!DateOnly.TryParseExact(holiday, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                error = new("hours.holidays", $"holiday '{holiday}' must be yyyy-MM-dd");
                return null;
            }

            days.Add(day);
        }

        var route = ParseAfterHours(afterHours, afterHoursMessage);
        if (route is null)
        {
            error = afterHoursMessage is not null && !IsBareMessage(afterHours)
                ? new("hours.after_hours_message", $"after_hours_message goes with after_hours 'message' alone, not with '{afterHours}'")
                : new("hours.after_hours", $"after_hours '{afterHours}' must be department:NAME, pstn:+E164 or message:TEXT, or message with after_hours_message (each text at most {MaxAfterHoursMessageLength} characters)");
            return null;
        }

        if (closedMessage?.MaxLength > MaxClosedMessageLength)
        {
            error = new("hours.closed_message", $"closed_message must be at most {MaxClosedMessageLength} characters in each language");
            return null;
        }

        return new OpeningHours(zone, windows, days, route, closedMessage);
    }

    public static string Describe(AfterHours route) => route switch
    {
        AfterHours.ToDepartment d => $"department:{d.Name}",
        AfterHours.ToPstn p => $"pstn:{p.Number}",
        AfterHours.SayAndHangUp m => StoredMessage(m) is null ? $"message:{m.Message}" : "message",
        _ => "",
    };

    /// <summary>The after-hours texts stored apart from <c>after_hours</c>: none when English alone (<c>message:TEXT</c>) says it.</summary>
    public static LocalizedText? StoredMessage(AfterHours route) =>
        route is AfterHours.SayAndHangUp { Message: var text } && !(text.Texts.Count == 1 && text.Exactly(CallLanguage.English) is not null) ? text : null;

    public static string Describe(IEnumerable<OpeningWindow> windows) =>
        string.Join(", ", windows.Select(w => $"{Days[(int)w.Day][..1].ToUpperInvariant()}{Days[(int)w.Day][1..]} {w.Open:HH\\:mm}-{w.Close:HH\\:mm}"));

    private static bool IsBareMessage(string? text) => string.Equals(text?.Trim(), "message", StringComparison.OrdinalIgnoreCase);

    private static AfterHours? ParseAfterHours(string? text, LocalizedText? message)
    {
        if (IsBareMessage(text) || message is not null)
        {
            return IsBareMessage(text) && message is not null && message.MaxLength <= MaxAfterHoursMessageLength ? new AfterHours.SayAndHangUp(message) : null;
        }

        var separator = text?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (separator <= 0)
        {
            return null;
        }

        var (kind, value) = (text![..separator].Trim().ToLowerInvariant(), text[(separator + 1)..].Trim());
        return kind switch
        {
            "department" when DepartmentRules.IsValidName(DepartmentRules.Normalize(value)) => new AfterHours.ToDepartment(DepartmentRules.Normalize(value)),
            "pstn" when DepartmentRules.IsE164(value) => new AfterHours.ToPstn(value),
            "message" when value.Length is > 0 and <= MaxAfterHoursMessageLength => new AfterHours.SayAndHangUp(value),
            _ => null,
        };
    }

    private static bool TryParseWindow(string text, List<OpeningWindow> windows)
    {
        var pieces = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (pieces.Length != 2)
        {
            return false;
        }

        var dayRange = pieces[0].Split('-');
        var timeRange = pieces[1].Split('-');
        if (dayRange.Length is < 1 or > 2 || timeRange.Length != 2
            || !TimeOnly.TryParseExact(timeRange[0], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var open)
            || !TryParseClose(timeRange[1], out var close) || open >= close)
        {
            return false;
        }

        var first = Array.IndexOf(Days, dayRange[0].ToLowerInvariant());
        var last = Array.IndexOf(Days, dayRange[^1].ToLowerInvariant());
        if (first < 0 || last < 0)
        {
            return false;
        }

        for (var day = first; ; day = (day + 1) % 7)
        {
            windows.Add(new OpeningWindow((DayOfWeek)day, open, close));
            if (day == last)
            {
                return true;
            }
        }
    }

    // "24:00" closes at the end of the day.
    private static bool TryParseClose(string text, out TimeOnly close)
    {
        if (text == "24:00")
        {
            close = TimeOnly.MaxValue;
            return true;
        }

        return TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out close);
    }
}
