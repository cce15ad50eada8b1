using System.Globalization;
using IvrApi.Departments;
using IvrApi.Routing;
using IvrApi.Tests.TestSupport;
using IvrEmulators.Sma;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace IvrApi.Tests.Scenarios;

/// <summary>The scenarios' directory (four departments on the Voice Connector), their clock and what every call must satisfy.</summary>
internal static class ScenarioSchool
{
    // Sunday 2026-11-22, 15:00 in New York: outside "Mon-Fri 09:00-17:00".
    public static readonly DateTimeOffset SundayAfternoon = DateTimeOffset.Parse("2026-11-22T20:00:00Z", CultureInfo.InvariantCulture);

    public static readonly Department Science = new("science", DepartmentService.VoiceConnector, "600100");
    public static readonly Department Art = new("art", DepartmentService.VoiceConnector, "600200");
    public static readonly Department History = new("history", DepartmentService.VoiceConnector, "600300");
    public static readonly Department Math = new("math", DepartmentService.VoiceConnector, "600400");

    /// <summary>The four departments (one of them <paramref name="replaced"/>) and the rules, on Sunday afternoon.</summary>
    public static IvrApiFactory School(Department? replaced = null, params CallerRule[] rules)
    {
        Department[] departments = [Science, Art, History, Math];
        var store = new ScriptedDirectoryStore(departments.Select(d => d.Name == replaced?.Name ? replaced : d).ToArray());
        store.Rules.AddRange(rules);
        return WithStore(store);
    }

    public static IvrApiFactory WithStore(ScriptedDirectoryStore store) => new IvrApiFactory().WithServices(s =>
    {
        s.AddSingleton<IDirectoryStore>(store);
        s.AddSingleton<TimeProvider>(new FakeTimeProvider(SundayAfternoon));
    });

    /// <summary>What every call must satisfy: no contract violation, no dead air, an ending.</summary>
    public static CallRecord Checked(CallRecord call)
    {
        call.Violations.Should().BeEmpty();
        call.DeadAir.Should().BeEmpty("a caller is never left in silence");
        call.Ending.Should().NotBeNull();
        return call;
    }

    /// <summary>The last bridge, which must have been answered.</summary>
    public static BridgeAttempt AnsweredBridge(CallRecord call)
    {
        var bridge = call.Bridges.Should().NotBeEmpty().And.Subject.Last();
        bridge.Outcome.Should().Be("Answered");
        return bridge;
    }
}
