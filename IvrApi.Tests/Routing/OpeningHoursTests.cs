using IvrApi.Routing;

namespace IvrApi.Tests.Routing;

public sealed class OpeningHoursTests
{
    private static OpeningHours Hours(string weekly, string zone = "America/New_York", string[]? holidays = null, string afterHours = "message:Goodbye.")
    {
        var hours = OpeningHoursRules.TryParse(zone, weekly, holidays, afterHours, null, null, out var error);
        error.Should().BeNull();
        return hours!;
    }

    [Theory]
    [InlineData("2026-03-01T13:30:00Z", false)] // Sunday before DST: 08:30 EST
    [InlineData("2026-03-08T13:30:00Z", true)] // DST began at 02:00 that morning: 09:30 EDT
    [InlineData("2026-03-08T12:59:00Z", false)] // 08:59 EDT
    [InlineData("2026-11-01T13:30:00Z", false)] // DST ended at 02:00: 08:30 EST
    [InlineData("2026-11-01T14:00:00Z", true)] // 09:00 EST
    [InlineData("2026-11-01T21:59:00Z", true)] // 16:59 EST
    [InlineData("2026-11-01T22:00:00Z", false)] // 17:00 EST: close is exclusive
    public void Opening_hours_follow_the_local_clock_across_daylight_saving_changes(string utc, bool open)
    {
        var hours = Hours("Sun 09:00-17:00");

        hours.IsOpen(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture)).Should().Be(open);
    }

    [Fact]
    public void A_holiday_is_closed_all_day_in_local_time()
    {
        var hours = Hours("Mon-Fri 09:00-17:00", holidays: ["2026-12-25"]);

        hours.IsOpen(DateTimeOffset.Parse("2026-12-25T15:00:00Z", System.Globalization.CultureInfo.InvariantCulture)).Should().BeFalse();
        hours.IsOpen(DateTimeOffset.Parse("2026-12-24T15:00:00Z", System.Globalization.CultureInfo.InvariantCulture)).Should().BeTrue();
    }

    [Fact]
    public void Day_ranges_may_wrap_and_24_00_closes_at_midnight()
    {
        var hours = Hours("Sat-Mon 00:00-24:00", zone: "UTC");

        hours.Windows.Select(w => w.Day).Should().Equal(DayOfWeek.Saturday, DayOfWeek.Sunday, DayOfWeek.Monday);
        hours.IsOpen(DateTimeOffset.Parse("2026-11-23T23:59:30Z", System.Globalization.CultureInfo.InvariantCulture)).Should().BeTrue();
        hours.IsOpen(DateTimeOffset.Parse("2026-11-24T00:00:30Z", System.Globalization.CultureInfo.InvariantCulture)).Should().BeFalse();
    }

    [Theory]
    [InlineData("Mars/Olympus", "Mon 09:00-17:00", "message:x", "time zone")]
    [InlineData("UTC", "Mon 9-5", "message:x", "opening hours")]
    [InlineData("UTC", "Funday 09:00-17:00", "message:x", "opening hours")]
    [InlineData("UTC", "Mon 17:00-09:00", "message:x", "opening hours")]
    [InlineData("UTC", "Mon 09:00-17:00", "voicemail", "after_hours")]
    [InlineData("UTC", "Mon 09:00-17:00", "pstn:5550100", "after_hours")]
    [InlineData("UTC", "Mon 09:00-17:00", "department:../etc", "after_hours")]
    public void Hours_that_cannot_be_read_are_refused_with_the_reason(string zone, string weekly, string afterHours, string reason)
    {
        OpeningHoursRules.TryParse(zone, weekly, null, afterHours, null, null, out var error).Should().BeNull();

        error!.Message.Should().Contain(reason);
    }

    [Fact]
    public void A_bad_holiday_is_refused()
    {
        OpeningHoursRules.TryParse("UTC", "Mon 09:00-17:00", ["25/12/2026"], "message:x", null, null, out var error).Should().BeNull();

        error!.Should().Be(new FieldError("hours.holidays", "holiday '25/12/2026' must be yyyy-MM-dd"));
    }
}
