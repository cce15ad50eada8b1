using IvrApi.Routing;

namespace IvrApi.Tests.TestSupport;

/// <summary>Records preload calls and answers as told: the SMA tests need the preload outcome, not Lex itself.</summary>
public sealed class RecordingPreloader(Func<Task>? behaviour = null) : IBotSessionPreloader
{
    public List<(string SessionId, string? CallerNumber)> Calls { get; } = [];

    public bool Enabled => true;

    public Task PreloadAsync(string sessionId, string? callerNumber, CancellationToken cancellationToken)
    {
        Calls.Add((sessionId, callerNumber));
        return behaviour?.Invoke() ?? Task.CompletedTask;
    }
}

/// <summary>A store that never answers, like a table behind a network that drops packets.</summary>
public sealed class HangingDepartmentSource : IDepartmentSource
{
    public async Task<IReadOnlyList<Department>> LoadAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
        throw new InvalidOperationException("unreachable");
    }
}

/// <summary>A store whose answer the test sets, counting reads.</summary>
public sealed class ScriptedDepartmentSource(params Department[] departments) : IDepartmentSource
{
    public Func<IReadOnlyList<Department>> Next { get; set; } = () => departments;

    public int Reads { get; private set; }

    public Task<IReadOnlyList<Department>> LoadAsync(CancellationToken cancellationToken)
    {
        Reads++;
        return Task.FromResult(Next());
    }
}

public static class SampleDepartments
{
    public static readonly Department History = new("history", DepartmentService.VoiceConnector, "600300");
    public static readonly Department Math = new("math", DepartmentService.VoiceConnector, "600400") { Synonyms = ["mathematics"] };
    public static readonly Department Sales = new("sales", DepartmentService.PstnNumber, "+15555550199");
}
