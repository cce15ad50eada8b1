using System.Diagnostics.Metrics;
using System.Text.Json;
using System.Text.Json.Nodes;
using IvrApi.Departments;
using IvrApi.Observability;
using IvrApi.Routing;
using IvrApi.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace IvrApi.Tests.Observability;

/// <summary>
/// Real decisions driven through the app (recorded SMA and Lex events over HTTP): every decision kind writes one EMF
/// document that the specification accepts, with the counts and dimensions an operator graphs and alarms on, and the
/// same counts reach the "IvrApi" meter.
/// </summary>
public sealed class CallMetricsTests(ITestOutputHelper log)
{
    // 2026-11-24 15:00 UTC, a Tuesday.
    private const long NowMilliseconds = 1795532400000;
    private const string Namespace = "IvrApi/Test";

    private static readonly OpeningHours NeverOpen = new(TimeZoneInfo.Utc, [], new HashSet<DateOnly>(), new AfterHours.ToDepartment("math"), null);

    [Theory]
    [InlineData("new call", "CallsStarted=1")]
    [InlineData("caller rule block", "CallerRulesApplied=1 Action=block; CallsStarted=1")]
    [InlineData("caller rule route", "CallerRulesApplied=1 Action=route; CallsRouted=1 Department=history RouteKind=callerRule; CallsStarted=1")]
    [InlineData("caller rule prefer", "CallerRulesApplied=1 Action=prefer; CallsStarted=1")]
    [InlineData("bot chose history", "CallsRouted=1 Department=history RouteKind=bot")]
    [InlineData("closed, after-hours department", "CallsRouted=1 Department=math RouteKind=afterHours")]
    [InlineData("closed, after-hours operator", "OperatorFallbacks=1 Reason=afterHours (+total)")]
    [InlineData("closed, message", "CallsEnded=1 Reason=closedMessage")]
    [InlineData("unknown department", "OperatorFallbacks=1 Reason=unknownDepartment (+total)")]
    [InlineData("no department", "OperatorFallbacks=1 Reason=noDepartment (+total)")]
    [InlineData("bot handed over", "OperatorFallbacks=1 Reason=botHandedOver (+total)")]
    [InlineData("bot failed", "BotFailures=1 ErrorType=ResourceAccessDenied (+total); OperatorFallbacks=1 Reason=botFailed (+total)")]
    [InlineData("bridge failed", "BridgeFailures=1 ErrorType=CallNotAnswered (+total); OperatorFallbacks=1 Reason=bridgeFailed (+total)")]
    [InlineData("bridge failed, undocumented error", "BridgeFailures=1 ErrorType=other (+total); OperatorFallbacks=1 Reason=bridgeFailed (+total)")]
    [InlineData("operator unreachable", "BridgeFailures=1 ErrorType=CallNotAnswered (+total); CallsEnded=1 Reason=operatorUnreachable")]
    [InlineData("speech failed", "OperatorFallbacks=1 Reason=speechFailed (+total)")]
    [InlineData("directory unavailable", "DirectoryOutages=1; OperatorFallbacks=1 Reason=directoryUnavailable (+total)")]
    [InlineData("stale directory", "CallsRouted=1 Department=history RouteKind=bot; StaleCopiesServed=1")]
    [InlineData("bot turn routes", "BotTurns=1 Decision=route")]
    [InlineData("bot turn confirms", "BotTurns=1 Decision=confirm")]
    [InlineData("bot turn asks again", "BotTurns=1 Decision=askAgain")]
    [InlineData("bot turn hands over", "BotTurns=1 Decision=handToOperator")]
    public async Task Each_decision_writes_one_valid_emf_document(string decision, string expected)
    {
        var store = new ScriptedDirectoryStore(SampleDepartments.History, SampleDepartments.Math, SampleDepartments.Sales);
        var output = new StringWriter();
        await using var app = Emf(new IvrApiFactory(), store, output);
        var events = Events(decision, store);

        // Earlier events only set the scene (a directory read before the store fails): the last one is the decision.
        foreach (var (path, body, before) in events)
        {
            before?.Invoke();
            output.GetStringBuilder().Clear();
            await Send(app, path, body);
        }

        var documents = Lines(output);
        log.WriteLine(string.Join('\n', documents));
        documents.Should().ContainSingle("one decision is one EMF document");
        EmfSpecification.Problems(documents[0]).Should().BeEmpty();
        Summary(documents[0]).Should().Be(expected);
        using var json = JsonDocument.Parse(documents[0]);
        var aws = json.RootElement.GetProperty("_aws");
        aws.GetProperty("Timestamp").GetInt64().Should().Be(NowMilliseconds);
        aws.GetProperty("CloudWatchMetrics").EnumerateArray().Should().OnlyContain(d => d.GetProperty("Namespace").GetString() == Namespace);
        json.RootElement.GetProperty("DecisionLatency").GetDouble().Should().BeGreaterThanOrEqualTo(0);
        documents[0].Should().NotContain("+1555", "no phone number is ever a dimension or a member")
            .And.NotContain("3f1c2b7e", "nor a call id");
    }

    [Fact]
    public async Task The_meter_counts_what_the_calls_decided_as_dotnet_counters_would_show()
    {
        await using var app = new IvrApiFactory();
        using var capture = new MeterCapture(app.Services.GetRequiredService<IMeterFactory>());

        await Fixtures.SmaAsync(app, Fixtures.Sma("new-inbound-call"));
        await Fixtures.LexAsync(app, Fixtures.Lex("dialog-hook-department-valid"));
        await Fixtures.SmaAsync(app, Fixtures.BotResult("history"));
        await Fixtures.SmaAsync(app, Fixtures.Sma("action-successful-start-bot-conversation-unknown-department"));
        await Fixtures.SmaAsync(app, Fixtures.Sma("action-failed-call-and-bridge"));
        await Fixtures.SmaAsync(app, Fixtures.Sma("ringing"));

        capture.Sum("CallsStarted").Should().Be(1);
        capture.Sum("BotTurns", "Decision=route").Should().Be(1);
        capture.Sum("CallsRouted", "Department=history RouteKind=bot").Should().Be(1);
        capture.Sum("OperatorFallbacks", "Reason=unknownDepartment").Should().Be(1);
        capture.Sum("OperatorFallbacks", "Reason=bridgeFailed").Should().Be(1);
        capture.Sum("BridgeFailures", "ErrorType=CallNotAnswered").Should().Be(1);

        // One latency per event that decided something; RINGING decided nothing.
        var latencies = capture.Measurements.Where(m => m.Instrument == "DecisionLatency").ToList();
        latencies.Should().HaveCount(5).And.OnlyContain(m => m.Value > 0 && m.Value < 5000 && m.Tags == "");
    }

    [Fact]
    public async Task Without_the_emf_setting_nothing_is_written_but_the_meter_still_counts()
    {
        var output = new StringWriter();
        await using var app = new IvrApiFactory().WithServices(s => s.AddSingleton(new EmfOutput(TextWriter.Synchronized(output))));
        using var capture = new MeterCapture(app.Services.GetRequiredService<IMeterFactory>());

        await Fixtures.SmaAsync(app, Fixtures.BotResult("history"));

        output.ToString().Should().BeEmpty();
        capture.Sum("CallsRouted", "Department=history RouteKind=bot").Should().Be(1);
    }

    [Fact]
    public void Counts_that_need_different_values_for_one_member_go_into_separate_documents()
    {
        var output = new StringWriter();
        var writer = new EmfWriter(
            Options.Create(new MetricsOptions { Namespace = Namespace }),
            new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(NowMilliseconds)),
            new EmfOutput(output));

        writer.Write(
            [
                new MetricEntry(CallMetricCatalog.OperatorFallbacks, "botFailed", null),
                new MetricEntry(CallMetricCatalog.CallsStarted, null, null),
                new MetricEntry(CallMetricCatalog.OperatorFallbacks, "speechFailed", null),
                new MetricEntry(CallMetricCatalog.CallsStarted, null, null),
            ],
            12.5);

        var documents = Lines(output);
        documents.Select(Summary).Should().Equal("CallsStarted=2; OperatorFallbacks=1 Reason=botFailed (+total)", "OperatorFallbacks=1 Reason=speechFailed (+total)");
        documents.Should().OnlyContain(d => EmfSpecification.Problems(d).Count == 0);
        documents[0].Should().Contain("\"DecisionLatency\":12.5");
        documents[1].Should().NotContain("DecisionLatency", "the event's latency is counted once");
    }

    [Theory]
    [InlineData("AWS/Lambda")]
    [InlineData("")]
    [InlineData("Ivr Api!")]
    public void A_bad_namespace_stops_the_start(string ns)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("Metrics:Namespace", ns)]).Build();
        using var services = new ServiceCollection().AddCallMetrics(configuration).BuildServiceProvider();

        var start = () => services.GetRequiredService<IStartupValidator>().Validate();

        start.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain("Metrics:Namespace");
    }

    private static IvrApiFactory Emf(IvrApiFactory app, IDirectoryStore store, StringWriter output) =>
        app.With("Metrics:Emf", "true")
            .With("Metrics:Namespace", Namespace)
            .With("Directory:CacheDuration", "00:00:00")
            .WithServices(s =>
            {
                s.AddSingleton(store);
                s.AddSingleton<TimeProvider>(new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(NowMilliseconds)));
                s.AddSingleton(new EmfOutput(TextWriter.Synchronized(output)));
            });

    /// <summary>The events of one decision kind (the last is the decision), after arranging the directory for it.</summary>
    private static List<(string Path, JsonObject Body, Action? Before)> Events(string decision, ScriptedDirectoryStore store)
    {
        (string, JsonObject, Action?) newCall = ("/sma", Fixtures.Sma("new-inbound-call"), null);
        switch (decision)
        {
            case "new call":
                return [newCall];
            case "caller rule block":
                store.Rules.Add(new CallerRule("premium", 10, "+1555", null, null, RuleAction.Block, null, "Sorry, goodbye."));
                return [newCall];
            case "caller rule route":
                store.Rules.Add(new CallerRule("hotline", 10, null, null, "+15555550101", RuleAction.Route, "history", null));
                return [newCall];
            case "caller rule prefer":
                store.Rules.Add(new CallerRule("returning", 10, null, "+15555550100", null, RuleAction.Prefer, "history", null));
                return [newCall];
            case "bot chose history":
                return [("/sma", Fixtures.BotResult("history"), null)];
            case "closed, after-hours department":
                Close(store, new AfterHours.ToDepartment("math"));
                return [("/sma", Fixtures.BotResult("history"), null)];
            case "closed, after-hours operator":
                Close(store, new AfterHours.ToDepartment("nowhere"));
                return [("/sma", Fixtures.BotResult("history"), null)];
            case "closed, message":
                Close(store, new AfterHours.SayAndHangUp("Please call back tomorrow."));
                return [("/sma", Fixtures.BotResult("history"), null)];
            case "unknown department":
                return [("/sma", Fixtures.Sma("action-successful-start-bot-conversation-unknown-department"), null)];
            case "no department":
                return [("/sma", Fixtures.Sma("action-successful-start-bot-conversation-no-slot"), null)];
            case "bot handed over":
                var handedOver = Fixtures.Sma("action-successful-start-bot-conversation");
                handedOver["ActionData"]!["IntentResult"]!["SessionState"]!["SessionAttributes"] = new JsonObject { ["route"] = "operator" };
                return [("/sma", handedOver, null)];
            case "bot failed":
                return [("/sma", Fixtures.Sma("action-failed-start-bot-conversation"), null)];
            case "bridge failed":
                return [("/sma", Fixtures.Sma("action-failed-call-and-bridge"), null)];
            case "bridge failed, undocumented error":
                var undocumented = Fixtures.Sma("action-failed-call-and-bridge");
                undocumented["ActionData"]!["ErrorType"] = "CallerNumber+15555550100Busy";
                return [("/sma", undocumented, null)];
            case "operator unreachable":
                var operatorTried = Fixtures.Sma("action-failed-call-and-bridge");
                operatorTried["CallDetails"]!["TransactionAttributes"] = new JsonObject { ["ivr_operator_tried"] = "true" };
                return [("/sma", operatorTried, null)];
            case "speech failed":
                var speech = Fixtures.Sma("action-failed-start-bot-conversation");
                speech["ActionData"]!["Type"] = "Speak";
                return [("/sma", speech, null)];
            case "directory unavailable":
                store.Fail = new TimeoutException("table unreachable");
                return [("/sma", Fixtures.BotResult("history"), null)];
            case "stale directory":
                // The first read succeeds; the store fails before the decision's read.
                return [newCall, ("/sma", Fixtures.BotResult("history"), () => store.Fail = new TimeoutException("table unreachable"))];
            case "bot turn routes":
                return [("/lex-hook", Fixtures.Lex("dialog-hook-department-valid"), null)];
            case "bot turn confirms":
                var nearMiss = Fixtures.Lex("dialog-hook-department-valid");
                nearMiss["inputTranscript"] = "histery";
                nearMiss["sessionState"]!["intent"]!["slots"]!["Department"]!["value"] = new JsonObject
                {
                    ["originalValue"] = "histery", ["interpretedValue"] = "histery", ["resolvedValues"] = new JsonArray(),
                };
                return [("/lex-hook", nearMiss, null)];
            case "bot turn asks again":
                return [("/lex-hook", Fixtures.Lex("dialog-hook-department-unknown"), null)];
            case "bot turn hands over":
                return [("/lex-hook", Fixtures.Lex("fallback-intent-failure-count-3"), null)];
            default:
                throw new ArgumentOutOfRangeException(nameof(decision), decision, null);
        }
    }

    private static void Close(ScriptedDirectoryStore store, AfterHours afterHours)
    {
        store.Departments[0] = SampleDepartments.History with { Hours = NeverOpen with { AfterHours = afterHours } };
    }

    private static async Task Send(IvrApiFactory app, string path, JsonObject body)
    {
        _ = path == "/sma" ? await Fixtures.SmaAsync(app, body) : await Fixtures.LexAsync(app, body);
    }

    private static List<string> Lines(StringWriter output) =>
        output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    /// <summary>
    /// A document as "Metric=value Dimension=value", sorted, read the way CloudWatch extracts it: each directive's
    /// metrics with the members its first dimension set names; "(+total)" when an empty set publishes it undimensioned
    /// as well. The decision latency is checked on its own.
    /// </summary>
    private static string Summary(string document)
    {
        using var json = JsonDocument.Parse(document);
        var root = json.RootElement;
        var parts = new List<string>();
        foreach (var directive in root.GetProperty("_aws").GetProperty("CloudWatchMetrics").EnumerateArray())
        {
            var sets = directive.GetProperty("Dimensions").EnumerateArray().ToList();
            var dimensions = sets[0].EnumerateArray().Select(d => $" {d.GetString()}={root.GetProperty(d.GetString()!).GetString()}");
            var total = sets.Count > 1 && sets.Skip(1).Any(s => s.GetArrayLength() == 0) ? " (+total)" : "";
            foreach (var metric in directive.GetProperty("Metrics").EnumerateArray())
            {
                var name = metric.GetProperty("Name").GetString()!;
                if (name == "DecisionLatency")
                {
                    metric.GetProperty("Unit").GetString().Should().Be("Milliseconds");
                    continue;
                }

                metric.GetProperty("Unit").GetString().Should().Be("Count");
                parts.Add($"{name}={root.GetProperty(name).GetRawText()}{string.Concat(dimensions)}{total}");
            }
        }

        parts.Sort(StringComparer.Ordinal);
        return string.Join("; ", parts);
    }
}
