using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IvrApi.Routing;

/// <summary>Everything the directory holds: departments in order, and the caller rules.</summary>
public sealed record DirectoryContent(IReadOnlyList<Department> Departments, IReadOnlyList<CallerRule> Rules);

/// <summary>
/// Storage port. Reads everything at once (the tables are small and matching a caller's words needs every name);
/// writes one department or rule (the route admin API).
/// </summary>
public interface IDirectoryStore
{
    Task<DirectoryContent> LoadAsync(CancellationToken cancellationToken);

    Task PutDepartmentAsync(Department department, CancellationToken cancellationToken);

    /// <returns>False when there was no such department.</returns>
    Task<bool> DeleteDepartmentAsync(string name, CancellationToken cancellationToken);

    Task PutRuleAsync(CallerRule rule, CancellationToken cancellationToken);

    /// <returns>False when there was no such rule.</returns>
    Task<bool> DeleteRuleAsync(string id, CancellationToken cancellationToken);
}

/// <summary>The storage could not answer in time or at all. Callers are then routed to the operator, never told "unknown department".</summary>
public sealed class DirectoryUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>One consistent view of the directory, in the store's order (the keypad menu numbers departments by it).</summary>
public sealed class DirectorySnapshot
{
    private readonly Dictionary<string, Department> byName;

    public DirectorySnapshot(IReadOnlyList<Department> departments, IReadOnlyList<CallerRule>? rules = null)
    {
        Departments = departments;
        Rules = (rules ?? []).OrderBy(r => r.Order).ThenBy(r => r.Id, StringComparer.Ordinal).ToArray();
        byName = new Dictionary<string, Department>(StringComparer.Ordinal);
        foreach (var department in Departments)
        {
            byName.TryAdd(department.Name, department);
        }
    }

    public IReadOnlyList<Department> Departments { get; }

    /// <summary>Caller rules in evaluation order.</summary>
    public IReadOnlyList<CallerRule> Rules { get; }

    /// <summary>The first rule that applies to this caller and dialled number.</summary>
    public CallerRule? RuleFor(string? caller, string? called) => Rules.FirstOrDefault(r => r.Matches(caller, called));

    /// <summary>Exact lookup, forgiving about case and surrounding white space.</summary>
    public Department? Find(string? name) =>
        name is not null && byName.TryGetValue(DepartmentRules.Normalize(name), out var department) ? department : null;
}

public sealed class DirectoryOptions
{
    public const string Section = "Directory";

    /// <summary><c>Embedded</c> (the JSON seed file) or <c>DynamoDb</c>.</summary>
    public string Provider { get; set; } = "Embedded";

    public string SeedFile { get; set; } = "departments.json";

    /// <summary>Caller rules for the embedded provider; a missing file means no rules.</summary>
    public string RulesFile { get; set; } = "rules.json";

    public string TableName { get; set; } = "";

    /// <summary>DynamoDB table of caller rules (partition key <c>rule_id</c>); empty means no rules.</summary>
    public string RulesTableName { get; set; } = "";

    /// <summary>How long a loaded directory is served before it is read again: rows added while running route within this time.</summary>
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one read of the store may take before the call goes on without it.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMilliseconds(1500);

    /// <summary>When a refresh fails, the last good directory is used for at most this long.</summary>
    public TimeSpan MaxStaleness { get; set; } = TimeSpan.FromMinutes(10);
}

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
            var policy = new PstnPolicy(routing.Value.PstnAllowedPrefixes);
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
