namespace IvrApi.Observability;

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
