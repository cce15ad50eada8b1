using IvrApi.Routing;
using Microsoft.Extensions.Options;

namespace IvrApi.Departments;

/// <summary>
/// The department directory every handler shares: a short cache in front of the storage source, one read in flight at
/// a time, a hard time budget per read (the SMA retries after 5 s), and the last good copy kept through an outage.
/// </summary>
public sealed partial class DepartmentDirectory(
    IDirectoryStore store,
    IOptions<DirectoryOptions> options,
    IOptions<RoutingOptions> routing,
    TimeProvider clock,
    ICallMetrics metrics,
    ILogger<DepartmentDirectory> logger)
{
    // After a failed read, calls do not wait on the store again for this long: an outage costs one timeout, not one per call.
    private static readonly TimeSpan FailureBackoff = TimeSpan.FromSeconds(5);

    private readonly Lock gate = new();
    private Task<DirectorySnapshot>? inflight;
    private volatile Loaded? loaded;
    private DateTimeOffset lastFailure = DateTimeOffset.MinValue;

    private sealed record Loaded(DirectorySnapshot Snapshot, DateTimeOffset At);

    /// <exception cref="DirectoryUnavailableException">No usable directory within the time budget.</exception>
    public async ValueTask<DirectorySnapshot> GetAsync(CancellationToken cancellationToken)
    {
        var current = loaded;
        var now = clock.GetUtcNow();
        if (current is not null && now - current.At < options.Value.CacheDuration)
        {
            return current.Snapshot;
        }

        Task<DirectorySnapshot> read;
        lock (gate)
        {
            if (inflight is null && now - lastFailure < FailureBackoff)
            {
                return ServeStaleOrThrow(current, null);
            }

            read = inflight ??= ReadAsync(current);
        }

        try
        {
            return await read.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            lock (gate)
            {
                if (inflight == read && read.IsCompleted)
                {
                    inflight = null;
                }
            }
        }
    }

    /// <summary>Drops the cached copy so the next read sees a write made through this process at once.</summary>
    public void Invalidate() => loaded = null;

    private async Task<DirectorySnapshot> ReadAsync(Loaded? previous)
    {
        using var budget = new CancellationTokenSource(options.Value.Timeout, clock);
        try
        {
            var content = await store.LoadAsync(budget.Token).WaitAsync(budget.Token).ConfigureAwait(false);
            var policy = PstnPolicy.From(routing.Value);
            var snapshot = new DirectorySnapshot(content.Departments.Select(d => Enforce(d, policy)).ToArray(), content.Rules);
            loaded = new Loaded(snapshot, clock.GetUtcNow());
            return snapshot;
        }
#pragma warning disable CA1031 // Any storage failure, timeout included, means the same thing to a caller.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            lock (gate)
            {
                lastFailure = clock.GetUtcNow();
            }

            return ServeStaleOrThrow(previous, ex);
        }
    }

    /// <summary>The toll-fraud guard again on what the store holds, whoever wrote it.</summary>
    private Department Enforce(Department department, PstnPolicy policy)
    {
        if (policy.Check(department) is not { } refused)
        {
            return department;
        }

        LogRefusedDestination(logger, department.Name, refused.Field);
        return policy.Enforce(department, routing.Value.Operator);
    }

    private DirectorySnapshot ServeStaleOrThrow(Loaded? previous, Exception? error)
    {
        var age = previous is null ? TimeSpan.MaxValue : clock.GetUtcNow() - previous.At;
        if (previous is not null && age < options.Value.MaxStaleness)
        {
            if (error is not null)
            {
                LogServingStale(logger, error, age.TotalSeconds);
            }

            metrics.StaleDirectoryServed();
            return previous.Snapshot;
        }

        if (error is not null)
        {
            LogUnavailable(logger, error);
        }

        metrics.DirectoryUnavailable();
        throw new DirectoryUnavailableException("The department directory is unavailable.", error);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Department directory read failed; serving the copy loaded {AgeSeconds:F0} s ago")]
    private static partial void LogServingStale(ILogger logger, Exception exception, double ageSeconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Department {Department}: {Field} is not an allowed PSTN destination; its callers go to the operator")]
    private static partial void LogRefusedDestination(ILogger logger, string department, string field);

    [LoggerMessage(Level = LogLevel.Error, Message = "Department directory unavailable")]
    private static partial void LogUnavailable(ILogger logger, Exception exception);
}
