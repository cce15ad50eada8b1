using IvrApi.Departments;
using IvrApi.Routing;
using IvrApi.Routing.Matching;

namespace IvrApi.Tests.TestSupport;

/// <summary>Records preload calls and answers as told: the SMA tests need the preload outcome, not Lex itself.</summary>
public sealed class RecordingPreloader(Func<Task>? behaviour = null) : IBotSessionPreloader
{
    public List<string> Calls { get; } = [];

    public List<string?> Proposed { get; } = [];

    public List<KeypadMenu> Menus { get; } = [];

    public bool Enabled => true;

    public List<CallLanguage> Languages { get; } = [];

    public Task PreloadAsync(string sessionId, CallStep.StartBot opening, CancellationToken cancellationToken)
    {
        Calls.Add(sessionId);
        Proposed.Add(opening.Proposed);
        Menus.Add(opening.Menu);
        Languages.Add(opening.Language);
        return behaviour?.Invoke() ?? Task.CompletedTask;
    }
}

/// <summary>A store that never answers, like a table behind a network that drops packets.</summary>
public sealed class HangingDirectoryStore : IDirectoryStore
{
    public Task<DirectoryContent> LoadAsync(CancellationToken cancellationToken) => Hang<DirectoryContent>(cancellationToken);

    public Task PutDepartmentAsync(Department department, CancellationToken cancellationToken) => Hang<bool>(cancellationToken);

    public Task<bool> DeleteDepartmentAsync(string name, CancellationToken cancellationToken) => Hang<bool>(cancellationToken);

    public Task PutRuleAsync(CallerRule rule, CancellationToken cancellationToken) => Hang<bool>(cancellationToken);

    public Task<bool> DeleteRuleAsync(string id, CancellationToken cancellationToken) => Hang<bool>(cancellationToken);

    private static async Task<T> Hang<T>(CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
        throw new InvalidOperationException("unreachable");
    }
}

/// <summary>An in-memory store whose content the test sets, counting reads; Fail makes the next reads throw.</summary>
public sealed class ScriptedDirectoryStore(params Department[] departments) : IDirectoryStore
{
    public List<Department> Departments { get; } = [.. departments];

    public List<CallerRule> Rules { get; } = [];

    public Exception? Fail { get; set; }

    public int Reads { get; private set; }

    public Task<DirectoryContent> LoadAsync(CancellationToken cancellationToken)
    {
        Reads++;
        return Fail is { } failure ? Task.FromException<DirectoryContent>(failure) : Task.FromResult(new DirectoryContent([.. Departments], [.. Rules]));
    }

    public Task PutDepartmentAsync(Department department, CancellationToken cancellationToken)
    {
        Departments.RemoveAll(d => d.Name == department.Name);
        Departments.Add(department);
        return Task.CompletedTask;
    }

    public Task<bool> DeleteDepartmentAsync(string name, CancellationToken cancellationToken) =>
        Task.FromResult(Departments.RemoveAll(d => d.Name == name) > 0);

    public Task PutRuleAsync(CallerRule rule, CancellationToken cancellationToken)
    {
        Rules.RemoveAll(r => r.Id == rule.Id);
        Rules.Add(rule);
        return Task.CompletedTask;
    }

    public Task<bool> DeleteRuleAsync(string id, CancellationToken cancellationToken) =>
        Task.FromResult(Rules.RemoveAll(r => r.Id == id) > 0);
}

public static class SampleDepartments
{
    public static readonly Department History = new("history", DepartmentService.VoiceConnector, "600300");
    public static readonly Department Math = new("math", DepartmentService.VoiceConnector, "600400") { Synonyms = ["mathematics"] };
    public static readonly Department Sales = new("sales", DepartmentService.PstnNumber, "+15555550199");
}
