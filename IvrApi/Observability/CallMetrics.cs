using System.Collections.Frozen;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using IvrApi.Departments;
using IvrApi.Routing;

namespace IvrApi.Observability;

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

    private static readonly FrozenDictionary<RouteReason, string> ReasonNames =
        Enum.GetValues<RouteReason>().ToFrozenDictionary(r => r, r => r switch
        {
            RouteReason.Closed => "afterHours",
            RouteReason.DestinationFailed => "bridgeFailed",
            RouteReason.OperatorFailed => "operatorUnreachable",
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

    public void Decided(RouteReason reason, Destination? destination, bool closed)
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
                var kind = closed ? "afterHours" : reason == RouteReason.CallerRule ? "callerRule" : "bot";
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
