using IvrApi.Departments;
using IvrApi.Routing;
using IvrApi.Routing.Matching;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace IvrApi.Tests.TestSupport;

/// <summary>
/// The routing domain built by hand, without HTTP or the container: a scripted directory (the school's four
/// departments), default prompts and routing, and metrics that record what they are told. For tests that state rules.
/// </summary>
public sealed class RoutingWorld
{
    public static readonly Department Science = new("science", DepartmentService.VoiceConnector, "600100");
    public static readonly Department Art = new("art", DepartmentService.VoiceConnector, "600200");

    public ScriptedDirectoryStore Store { get; } = new(Science, Art, SampleDepartments.History, SampleDepartments.Math);

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.Parse("2026-11-24T15:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    public RoutingOptions Routing { get; } = new();

    public PromptOptions Prompts { get; } = new();

    /// <summary>The Spanish prompts, as shipped unless a test changes them.</summary>
    public PromptOptions SpanishPrompts { get; } = Spanish();

    public RecordingMetrics Metrics { get; } = new();

    public IDepartmentMatcher Matcher { get; set; } = new ForgivingDepartmentMatcher();

    public IBotSessionPreloader Preloader { get; set; } = new NoPreload();

    public Destination Operator => Routing.Operator.ToDestination();

    public DepartmentDirectory Directory() => new(
        Store,
        Options.Create(new DirectoryOptions { CacheDuration = TimeSpan.Zero }),
        Options.Create(Routing),
        Clock,
        Metrics,
        NullLogger<DepartmentDirectory>.Instance);

    public CallRouter Router() => new(
        Directory(), Matcher, Preloader, Clock, Options.Create(Routing), CallPrompts(), Metrics, PstnPolicy.From(Routing), NullLogger<CallRouter>.Instance);

    public DepartmentDialog Dialog() => new(Directory(), Matcher, Options.Create(Routing), CallPrompts());

    public CallPrompts CallPrompts() => new(language => language == CallLanguage.Spanish ? SpanishPrompts : Prompts);

    private static PromptOptions Spanish()
    {
        var spanish = new PromptOptions();
        IvrApi.Routing.SpanishPrompts.Apply(spanish);
        return spanish;
    }

    public async Task<DirectorySnapshot> SnapshotAsync() => await Directory().GetAsync(default);

    /// <summary>A preloader that is switched off (<c>Lex:PreloadSession=false</c>).</summary>
    public sealed class NoPreload : IBotSessionPreloader
    {
        public bool Enabled => false;

        public Task PreloadAsync(string sessionId, CallStep.StartBot opening, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("preload is off");
    }

    /// <summary>Metrics as the domain reports them, one line per call of the port.</summary>
    public sealed class RecordingMetrics : ICallMetrics
    {
        public List<string> Told { get; } = [];

        public void CallStarted() => Told.Add("CallStarted");

        public void CallerRuleApplied(RuleAction action) => Told.Add($"CallerRuleApplied {action}");

        public void Decided(RouteReason reason, Destination? destination, bool closed) =>
            Told.Add($"Decided {reason} {destination?.LexInfo ?? "hangup"}{(closed ? " closed" : "")}");

        public void BotFailed(string? errorType) => Told.Add($"BotFailed {errorType}");

        public void BridgeFailed(string? errorType) => Told.Add($"BridgeFailed {errorType}");

        public void BotTurn(DialogDecision decision) => Told.Add($"BotTurn {decision.GetType().Name}");

        public void DirectoryUnavailable() => Told.Add("DirectoryUnavailable");

        public void StaleDirectoryServed() => Told.Add("StaleDirectoryServed");
    }
}
