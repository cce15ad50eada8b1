using IvrApi.Departments;
using IvrApi.Observability;
using IvrApi.Routing;
using IvrApi.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace IvrApi.Tests.Departments;

public sealed class DepartmentDirectoryTests : IDisposable
{
    private readonly (CallMetrics Metrics, MeterCapture Capture) metrics = MeterCapture.Create();
    private readonly FakeTimeProvider clock = new(DateTimeOffset.Parse("2026-11-24T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly ScriptedDirectoryStore store = new(SampleDepartments.History);

    [Fact]
    public async Task Reads_are_cached_for_the_cache_duration_then_read_again()
    {
        var directory = Directory();

        await directory.GetAsync(default);
        await directory.GetAsync(default);
        clock.Advance(TimeSpan.FromSeconds(29));
        await directory.GetAsync(default);
        store.Reads.Should().Be(1);

        store.Departments.Add(SampleDepartments.Math);
        clock.Advance(TimeSpan.FromSeconds(2));
        var snapshot = await directory.GetAsync(default);

        store.Reads.Should().Be(2);
        snapshot.Find("math").Should().Be(SampleDepartments.Math);
    }

    [Fact]
    public async Task Invalidate_makes_the_next_read_see_a_write_at_once()
    {
        var directory = Directory();
        await directory.GetAsync(default);

        store.Departments.Add(SampleDepartments.Sales);
        directory.Invalidate();

        (await directory.GetAsync(default)).Find("Sales ").Should().Be(SampleDepartments.Sales);
    }

    [Fact]
    public async Task Through_an_outage_the_last_good_copy_is_served_and_the_store_is_not_hammered()
    {
        var directory = Directory();
        await directory.GetAsync(default);
        store.Fail = new TimeoutException("table unreachable");
        clock.Advance(TimeSpan.FromSeconds(31));

        (await directory.GetAsync(default)).Find("history").Should().NotBeNull();
        (await directory.GetAsync(default)).Find("history").Should().NotBeNull();

        // The failed read is not repeated for every call during the back-off.
        store.Reads.Should().Be(2);

        // Each call served the old copy is counted, the one that found the failure and the one in the back-off.
        metrics.Capture.Sum("StaleCopiesServed").Should().Be(2);
        metrics.Capture.Sum("DirectoryOutages").Should().Be(0);
    }

    [Fact]
    public async Task Without_any_good_copy_an_outage_is_reported_as_unavailable()
    {
        store.Fail = new TimeoutException("table unreachable");
        var directory = Directory();

        var read = async () => await directory.GetAsync(default);

        await read.Should().ThrowAsync<DirectoryUnavailableException>();
        metrics.Capture.Sum("DirectoryOutages").Should().Be(1);
    }

    [Fact]
    public async Task A_copy_older_than_the_staleness_limit_is_not_served()
    {
        var directory = Directory();
        await directory.GetAsync(default);
        store.Fail = new TimeoutException("table unreachable");
        clock.Advance(TimeSpan.FromMinutes(11));

        var read = async () => await directory.GetAsync(default);

        await read.Should().ThrowAsync<DirectoryUnavailableException>();
    }

    [Fact]
    public async Task A_store_that_hangs_is_given_up_on_after_the_timeout()
    {
        var directory = new DepartmentDirectory(
            new HangingDirectoryStore(),
            Options.Create(new DirectoryOptions { Timeout = TimeSpan.FromMilliseconds(50) }),
            Options.Create(new RoutingOptions()),
            TimeProvider.System,
            metrics.Metrics,
            NullLogger<DepartmentDirectory>.Instance);

        var read = async () => await directory.GetAsync(default);

        await read.Should().ThrowAsync<DirectoryUnavailableException>();
    }

    public void Dispose() => metrics.Capture.Dispose();

    private DepartmentDirectory Directory() =>
        new(store, Options.Create(new DirectoryOptions()), Options.Create(new RoutingOptions()), clock, metrics.Metrics, NullLogger<DepartmentDirectory>.Instance);
}
