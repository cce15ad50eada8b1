using System.Collections.Frozen;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using IvrApi.Routing;

namespace IvrApi.Infrastructure;

/// <summary>
/// One metric as both outlets see it: the CloudWatch name and unit (the EMF document), the dimensions (EMF target
/// members, and the Meter instrument's tag names), and the unit of the <see cref="System.Diagnostics.Metrics"/> instrument.
/// </summary>
/// <param name="AlsoTotal">Also published without dimensions: what an alarm watches (alarms cannot SEARCH).</param>
public sealed record CallMetric(string Name, string Unit, string MeterUnit, IReadOnlyList<string> Dimensions, bool AlsoTotal, string Description);

/// <summary>The one place every call metric is defined.</summary>
public static class CallMetricCatalog
{
    public static readonly CallMetric CallsStarted = new("CallsStarted", "Count", "{call}", [], false, "New inbound calls");
    public static readonly CallMetric CallsRouted = new("CallsRouted", "Count", "{call}", ["Department", "RouteKind"], false, "Calls sent to a department (RouteKind: bot, callerRule, afterHours)");
    public static readonly CallMetric OperatorFallbacks = new("OperatorFallbacks", "Count", "{call}", ["Reason"], true, "Calls sent to the operator, by reason");
    public static readonly CallMetric CallsEnded = new("CallsEnded", "Count", "{call}", ["Reason"], false, "Calls ended in words and a hang-up, reaching nobody");
    public static readonly CallMetric BotFailures = new("BotFailures", "Count", "{failure}", ["ErrorType"], true, "StartBotConversation failures, by the SMA's ErrorType");
    public static readonly CallMetric BridgeFailures = new("BridgeFailures", "Count", "{failure}", ["ErrorType"], true, "CallAndBridge failures, by the SMA's ErrorType");
    public static readonly CallMetric CallerRulesApplied = new("CallerRulesApplied", "Count", "{rule}", ["Action"], false, "Caller rules acted on");
    public static readonly CallMetric BotTurns = new("BotTurns", "Count", "{turn}", ["Decision"], false, "Code hook decisions");
    public static readonly CallMetric DirectoryOutages = new("DirectoryOutages", "Count", "{read}", [], false, "Directory reads that found no usable copy: the call (or readiness check) went on without it");
    public static readonly CallMetric StaleCopiesServed = new("StaleCopiesServed", "Count", "{read}", [], false, "Directory reads answered with the last good copy through a store failure");

    /// <summary>Time from the event's arrival to the answer written, for events that decided something.</summary>
    public static readonly CallMetric DecisionLatency = new("DecisionLatency", "Milliseconds", "ms", [], false, "Time to decide and answer one event");

    public static readonly IReadOnlyList<CallMetric> Counters =
    [
        CallsStarted, CallsRouted, OperatorFallbacks, CallsEnded, BotFailures, BridgeFailures, CallerRulesApplied, BotTurns,
        DirectoryOutages, StaleCopiesServed,
    ];
}

/// <summary>
/// The metrics adapter: counts on the Meter <see cref="MeterName"/> (dotnet-counters, any MeterListener) and adds the
/// same counts to the event's <see cref="DecisionRecord"/>, which becomes one EMF document when the answer is written.
/// </summary>
public sealed class CallMetrics : ICallMetrics
{
    public const string MeterName = "IvrApi";

    /// <summary>Anything outside a bounded vocabulary is published as this: dimensions stay low-cardinality.</summary>
    public const string Other = "other";

    // The SMA's documented ErrorType values (https://docs.aws.amazon.com/chime-sdk/latest/dg/unexpected-action-fail.html
    // and each action's page); any other text becomes "other".
    private static readonly FrozenSet<string> KnownErrorTypes = FrozenSet.Create(
        StringComparer.Ordinal,
        "ActionExecutionThrottled", "AccessDenied", "CallNotAnswered", "InvalidActionParameter", "InvalidAudioSource",
        "MissingRequiredActionParameter", "ResourceAccessDenied", "ResourceNotFound", "SystemException");

    private static readonly FrozenDictionary<CallRouter.RouteReason, string> ReasonNames =
        Enum.GetValues<CallRouter.RouteReason>().ToFrozenDictionary(r => r, r => r switch
        {
            CallRouter.RouteReason.Closed => "afterHours",
            CallRouter.RouteReason.DestinationFailed => "bridgeFailed",
            CallRouter.RouteReason.OperatorFailed => "operatorUnreachable",
            _ => JsonNamingPolicy.CamelCase.ConvertName(r.ToString()),
        });

    private static readonly FrozenDictionary<RuleAction, string> ActionNames =
        Enum.GetValues<RuleAction>().ToFrozenDictionary(a => a, a => JsonNamingPolicy.CamelCase.ConvertName(a.ToString()));

    private readonly FrozenDictionary<CallMetric, Counter<long>> counters;
    private readonly Histogram<double> latency;

    public CallMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        counters = CallMetricCatalog.Counters.ToFrozenDictionary<CallMetric, CallMetric, Counter<long>>(
            m => m, m => meter.CreateCounter<long>(m.Name, m.MeterUnit, m.Description), ReferenceEqualityComparer.Instance);
        var decision = CallMetricCatalog.DecisionLatency;
        latency = meter.CreateHistogram<double>(decision.Name, decision.MeterUnit, decision.Description);
    }

    public void CallStarted() => Count(CallMetricCatalog.CallsStarted);

    public void CallerRuleApplied(RuleAction action) => Count(CallMetricCatalog.CallerRulesApplied, ActionNames[action]);

    public void Decided(CallRouter.RouteReason reason, Destination? destination, bool closed)
    {
        switch (destination)
        {
            case null:
                Count(CallMetricCatalog.CallsEnded, closed ? "closedMessage" : ReasonNames[reason]);
                break;
            case { IsOperator: true }:
                Count(CallMetricCatalog.OperatorFallbacks, closed ? "afterHours" : ReasonNames[reason]);
                break;
            default:
                // A department's X-LexInfo is its directory name; anything else is not a department we know.
                var department = DepartmentRules.IsValidName(destination.LexInfo) ? destination.LexInfo : Other;
                var kind = closed ? "afterHours" : reason == CallRouter.RouteReason.CallerRule ? "callerRule" : "bot";
                Count(CallMetricCatalog.CallsRouted, department, kind);
                break;
        }
    }

    public void BotFailed(string? errorType) => Count(CallMetricCatalog.BotFailures, ErrorType(errorType));

    public void BridgeFailed(string? errorType) => Count(CallMetricCatalog.BridgeFailures, ErrorType(errorType));

    public void BotTurn(DialogDecision decision) => Count(CallMetricCatalog.BotTurns, decision switch
    {
        DialogDecision.RouteTo => "route",
        DialogDecision.Confirm => "confirm",
        DialogDecision.AskAgain => "askAgain",
        DialogDecision.HandToOperator => "handToOperator",
        _ => Other,
    });

    public void DirectoryUnavailable() => Count(CallMetricCatalog.DirectoryOutages);

    public void StaleDirectoryServed() => Count(CallMetricCatalog.StaleCopiesServed);

    /// <summary>How long an event that decided something took to answer.</summary>
    public void DecisionTook(double milliseconds) => latency.Record(milliseconds);

    private static string ErrorType(string? errorType) =>
        errorType is not null && KnownErrorTypes.Contains(errorType) ? errorType : Other;

    private void Count(CallMetric metric, string? first = null, string? second = null)
    {
        var tags = default(TagList);
        if (first is not null)
        {
            tags.Add(metric.Dimensions[0], first);
        }

        if (second is not null)
        {
            tags.Add(metric.Dimensions[1], second);
        }

        counters[metric].Add(1, tags);
        DecisionRecord.Current?.Add(new MetricEntry(metric, first, second));
    }
}

/// <summary>One count of a metric with its dimension values, in the order of <see cref="CallMetric.Dimensions"/>.</summary>
public readonly record struct MetricEntry(CallMetric Metric, string? First, string? Second)
{
    public string? Value(int dimension) => dimension == 0 ? First : Second;
}

/// <summary>
/// What one event decided, collected while it is handled (the ambient record flows with the request, into the
/// directory read it starts), so the event becomes one EMF document.
/// </summary>
public sealed class DecisionRecord
{
    private static readonly AsyncLocal<DecisionRecord?> Ambient = new();

    private readonly Lock gate = new();
    private readonly List<MetricEntry> entries = [];

    public static DecisionRecord? Current => Ambient.Value;

    /// <summary>Starts the record of the event handled in this async flow.</summary>
    public static DecisionRecord Begin() => Ambient.Value = new DecisionRecord();

    public IReadOnlyList<MetricEntry> Entries
    {
        get
        {
            lock (gate)
            {
                return entries.ToArray();
            }
        }
    }

    public void Add(MetricEntry entry)
    {
        // A shared directory read may finish on another thread while the request that started it is still running.
        lock (gate)
        {
            entries.Add(entry);
        }
    }
}
