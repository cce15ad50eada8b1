using IvrApi.Departments;
using IvrApi.Routing;
using IvrApi.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace IvrApi.Tests.Routing;

/// <summary>How a call for a department goes, now: open, or closed and its after-hours route, stated on the <see cref="RoutePlan"/>.</summary>
public sealed class RoutePlannerTests
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    // Tuesday 2026-11-24: 10:00 and 18:00 in New York.
    private static readonly DateTimeOffset TuesdayMorning = DateTimeOffset.Parse("2026-11-24T15:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
    private static readonly DateTimeOffset TuesdayEvening = TuesdayMorning.AddHours(8);

    private readonly RoutingWorld world = new();

    [Fact]
    public async Task A_department_without_hours_is_always_open()
    {
        var plan = await PlanAsync(SampleDepartments.History, TuesdayEvening);

        plan.Should().Be(new RoutePlan(Destination.To(SampleDepartments.History), "Connecting you to the history department.", null, Closed: false));
    }

    [Fact]
    public async Task An_open_department_is_connected()
    {
        var plan = await PlanAsync(WithHours(new AfterHours.ToOperator()), TuesdayMorning);

        plan.Closed.Should().BeFalse();
        plan.Destination!.Number.Should().Be("600300");
    }

    [Fact]
    public async Task A_closed_department_with_a_pstn_route_transfers_under_its_own_name()
    {
        var plan = await PlanAsync(WithHours(new AfterHours.ToPstn("+15555550177")), TuesdayEvening);

        plan.Should().Be(new RoutePlan(
            new Destination(DepartmentService.PstnNumber, "+15555550177", "history", IsOperator: false),
            "Sorry, the history department is closed right now. Let me transfer your call.",
            null,
            Closed: true));
    }

    [Fact]
    public async Task A_closed_department_can_say_its_message_and_hang_up()
    {
        var plan = await PlanAsync(WithHours(new AfterHours.SayAndHangUp("Please call back tomorrow.")), TuesdayEvening);

        plan.Should().Be(new RoutePlan(null, "Sorry, the history department is closed right now.", "Please call back tomorrow.", Closed: true));
    }

    [Fact]
    public async Task A_closed_department_hands_over_to_another_without_consulting_its_hours()
    {
        var plan = await PlanAsync(WithHours(new AfterHours.ToDepartment("art")), TuesdayEvening);

        plan.Destination.Should().Be(Destination.To(RoutingWorld.Art));
        plan.Announcement.Should().Be("Sorry, the history department is closed right now. Let me connect you to the art department.");
    }

    [Fact]
    public async Task An_after_hours_department_that_left_the_directory_becomes_the_operator()
    {
        var plan = await PlanAsync(WithHours(new AfterHours.ToDepartment("geology")), TuesdayEvening);

        plan.Destination.Should().Be(world.Operator);
        plan.Announcement.Should().Be("Sorry, the history department is closed right now. Let me transfer your call.");
    }

    [Fact]
    public async Task A_departments_own_closed_message_replaces_the_default()
    {
        var department = WithHours(new AfterHours.ToOperator()) with { Hours = Hours(new AfterHours.ToOperator()) with { ClosedMessage = "History is closed for the holidays." } };

        var plan = await PlanAsync(department, TuesdayEvening);

        plan.Announcement.Should().Be("History is closed for the holidays. Let me transfer your call.");
    }

    private async Task<RoutePlan> PlanAsync(Department department, DateTimeOffset now) =>
        RoutePlanner.Plan(department, await world.SnapshotAsync(), now, world.Prompts, CallLanguage.English, world.Operator, NullLogger.Instance);

    private static Department WithHours(AfterHours afterHours) => SampleDepartments.History with { Hours = Hours(afterHours) };

    private static OpeningHours Hours(AfterHours afterHours) => new(
        NewYork,
        [.. Enum.GetValues<DayOfWeek>().Where(d => d is not (DayOfWeek.Saturday or DayOfWeek.Sunday)).Select(d => new OpeningWindow(d, new TimeOnly(9, 0), new TimeOnly(17, 0)))],
        new HashSet<DateOnly>(),
        afterHours,
        ClosedMessage: null);
}
