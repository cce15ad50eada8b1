namespace IvrApi.Routing;

/// <summary>A department's opening hours in its own time zone, with holidays and the after-hours route.</summary>
public sealed record OpeningHours(
    TimeZoneInfo TimeZone,
    IReadOnlyList<OpeningWindow> Windows,
    IReadOnlySet<DateOnly> Holidays,
    AfterHours AfterHours,
    LocalizedText? ClosedMessage)
{
    public bool IsOpen(DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, TimeZone).DateTime;
        if (Holidays.Contains(DateOnly.FromDateTime(local)))
        {
            return false;
        }

        var time = TimeOnly.FromDateTime(local);
        return Windows.Any(w => w.Day == local.DayOfWeek && time >= w.Open && time < w.Close);
    }
}
