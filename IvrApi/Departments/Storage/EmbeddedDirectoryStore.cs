using System.Text.Json;
using IvrApi.Agents;
using IvrApi.Agents.Storage;
using IvrApi.Http;
using IvrApi.Routing;
using Microsoft.Extensions.Options;

namespace IvrApi.Departments.Storage;

/// <summary>
/// Departments, caller rules and agents from JSON files shipped with the app, so a laptop needs nothing else. Admin
/// writes are kept in memory for the life of the process (the shipped files are not rewritten).
/// </summary>
public sealed partial class EmbeddedDirectoryStore(IOptions<DirectoryOptions> options, ILogger<EmbeddedDirectoryStore> logger)
    : IDirectoryStore, IAgentStore
{
    private static readonly FieldError EmptyEntry = new("", "empty entry");

    private readonly Lock gate = new();
    private List<Department>? departments;
    private List<CallerRule>? rules;
    private List<Agent>? agents;

    public static string ResolvePath(string file) =>
        Path.IsPathRooted(file) ? file : Path.Combine(AppContext.BaseDirectory, file);

    public Task<DirectoryContent> LoadAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            EnsureLoaded();
            return Task.FromResult(new DirectoryContent(departments!.ToArray(), rules!.ToArray()));
        }
    }

    public Task PutDepartmentAsync(Department department, CancellationToken cancellationToken) =>
        Write(() => Replace(departments!, d => d.Name == department.Name, department));

    public Task<bool> DeleteDepartmentAsync(string name, CancellationToken cancellationToken) =>
        Write(() => departments!.RemoveAll(d => d.Name == name) > 0);

    public Task PutRuleAsync(CallerRule rule, CancellationToken cancellationToken) =>
        Write(() => Replace(rules!, r => r.Id == rule.Id, rule));

    public Task<bool> DeleteRuleAsync(string id, CancellationToken cancellationToken) =>
        Write(() => rules!.RemoveAll(r => r.Id == id) > 0);

    public Task<IReadOnlyList<Agent>> LoadAgentsAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            EnsureLoaded();
            return Task.FromResult<IReadOnlyList<Agent>>(agents!.OrderBy(a => a.Id, StringComparer.Ordinal).ToArray());
        }
    }

    public Task PutAgentAsync(Agent agent, CancellationToken cancellationToken) =>
        Write(() => Replace(agents!, a => a.Id == agent.Id, agent));

    public Task<bool> DeleteAgentAsync(string id, CancellationToken cancellationToken) =>
        Write(() => agents!.RemoveAll(a => a.Id == id) > 0);

    private static bool Replace<T>(List<T> items, Predicate<T> same, T item)
    {
        var at = items.FindIndex(same);
        if (at < 0)
        {
            items.Add(item);
            return false;
        }

        items[at] = item;
        return true;
    }

    private Task<bool> Write(Func<bool> change)
    {
        lock (gate)
        {
            EnsureLoaded();
            return Task.FromResult(change());
        }
    }

    private void EnsureLoaded()
    {
        var settings = options.Value;
        departments ??= Read(ResolvePath(settings.SeedFile), IvrJsonContext.Default.DepartmentRecordArray, required: true)
            .Select(r => (Item: ToDepartment(r, out var error), Error: error))
            .Where(r => Keep(r.Item, r.Error, settings.SeedFile))
            .Select(r => r.Item!)
            .ToList();
        rules ??= Read(ResolvePath(settings.RulesFile), IvrJsonContext.Default.RuleRecordArray, required: false)
            .Select(r => (Item: ToRule(r, out var error), Error: error))
            .Where(r => Keep(r.Item, r.Error, settings.RulesFile))
            .Select(r => r.Item!)
            .ToList();
        agents ??= Read(ResolvePath(settings.AgentsFile), IvrJsonContext.Default.AgentRecordArray, required: false)
            .Select(r => (Item: ToAgent(r, out var error), Error: error))
            .Where(r => Keep(r.Item, r.Error, settings.AgentsFile))
            .Select(r => r.Item!)
            .ToList();
    }

    private static Agent? ToAgent(AgentRecord? record, out FieldError? error)
    {
        error = EmptyEntry;
        return record?.ToAgent(out error);
    }

    private static Department? ToDepartment(DepartmentRecord? record, out FieldError? error)
    {
        error = EmptyEntry;
        return record?.ToDepartment(out error);
    }

    private static CallerRule? ToRule(RuleRecord? record, out FieldError? error)
    {
        error = EmptyEntry;
        return record?.ToRule(out error);
    }

    private bool Keep(object? item, FieldError? error, string file)
    {
        if (item is null)
        {
            LogSkipped(logger, file, (error ?? EmptyEntry).ToString());
        }

        return item is not null;
    }

    private static T[] Read<T>(string path, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T[]> type, bool required)
    {
        if (!required && !File.Exists(path))
        {
            return [];
        }

        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize(stream, type) ?? throw new InvalidDataException($"{path} holds no list.");
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Entry in {File} skipped: {Error}")]
    private static partial void LogSkipped(ILogger logger, string file, string error);
}
