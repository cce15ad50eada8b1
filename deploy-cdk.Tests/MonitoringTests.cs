using System.Text.Json.Nodes;

namespace IvrDeploy.Tests;

/// <summary>The dashboard, the alarms and the metrics switch as synthesized: each alarm's metric, statistic, period and threshold.</summary>
public sealed class MonitoringTests(DefaultStackFixture fixture) : IClassFixture<DefaultStackFixture>
{
    private const string Namespace = "IvrApi/" + SynthesizedStack.StackName;

    private readonly SynthesizedStack _s = fixture.Stack;

    // The call-path function: the admin function runs the same package but takes no calls.
    private string FunctionRef => "${" + _s.Resources("AWS::Lambda::Function")
        .Single(f => f.Resource["Properties"]!["FunctionName"]?.GetValue<string>() == SynthesizedStack.StackName + "-IvrApi").Id + "}";

    private string TopicRef => "${" + _s.Resources("AWS::SNS::Topic").Should().ContainSingle(t => t.Id.StartsWith("MonitoringAlarms", StringComparison.Ordinal)).Subject.Id + "}";

    [Fact]
    public void There_are_five_alarms_each_notifying_the_topic_on_alarm_and_on_recovery()
    {
        var alarms = Alarms();
        alarms.Keys.Should().BeEquivalentTo(
            "IvrCallRouter-OperatorFallbackShare", "IvrCallRouter-ErrorBurst", "IvrCallRouter-DurationP99", "IvrCallRouter-DirectoryOutage",
            "IvrCallRouter-LexConversationFailures");
        foreach (var alarm in alarms.Values)
        {
            Cfn.Strings(alarm["AlarmActions"]).Should().Equal(TopicRef);
            Cfn.Strings(alarm["OKActions"]).Should().Equal(TopicRef);
            alarm["TreatMissingData"]!.GetValue<string>().Should().Be("notBreaching", "a quiet line is not an incident");
            alarm["AlarmDescription"]!.GetValue<string>().Should().Contain("deploy-cdk/README.md#runbook");
        }
    }

    [Fact]
    public void Operator_fallback_share_is_fallbacks_over_calls_started_over_15_minutes_above_30_percent()
    {
        var alarm = Alarms()["IvrCallRouter-OperatorFallbackShare"];

        Rule(alarm).Should().Be("GreaterThanThreshold 30, 1 of 1");
        Expression(alarm).Should().Be("IF(calls >= 10, 100 * FILL(fallbacks, 0) / calls, 0)");
        Inputs(alarm).Should().BeEquivalentTo(
            $"calls = {Namespace} CallsStarted [] Sum 900",
            $"fallbacks = {Namespace} OperatorFallbacks [] Sum 900");
    }

    [Fact]
    public void An_error_burst_is_lambda_errors_plus_throttles_in_5_minutes()
    {
        var alarm = Alarms()["IvrCallRouter-ErrorBurst"];

        Rule(alarm).Should().Be("GreaterThanOrEqualToThreshold 5, 1 of 1");
        Expression(alarm).Should().Be("FILL(errors, 0) + FILL(throttles, 0)");
        Inputs(alarm).Should().BeEquivalentTo(
            $"errors = AWS/Lambda Errors [FunctionName={FunctionRef}] Sum 300",
            $"throttles = AWS/Lambda Throttles [FunctionName={FunctionRef}] Sum 300");
    }

    [Fact]
    public void Slow_answers_are_the_p99_duration_above_2_seconds_in_2_of_3_periods()
    {
        var alarm = Alarms()["IvrCallRouter-DurationP99"];

        Rule(alarm).Should().Be("GreaterThanThreshold 2000, 2 of 3");
        Inputs(alarm).Should().Equal($"m1 = AWS/Lambda Duration [FunctionName={FunctionRef}] p99 300");
    }

    [Fact]
    public void A_directory_outage_is_any_call_served_without_the_table_or_from_its_last_copy()
    {
        var alarm = Alarms()["IvrCallRouter-DirectoryOutage"];

        Rule(alarm).Should().Be("GreaterThanOrEqualToThreshold 1, 1 of 1");
        Expression(alarm).Should().Be("FILL(outages, 0) + FILL(stale, 0)");
        Inputs(alarm).Should().BeEquivalentTo(
            $"outages = {Namespace} DirectoryOutages [] Sum 300",
            $"stale = {Namespace} StaleCopiesServed [] Sum 300");
    }

    [Fact]
    public void Lex_conversation_failures_are_three_failed_bot_conversations_in_5_minutes()
    {
        var alarm = Alarms()["IvrCallRouter-LexConversationFailures"];

        Rule(alarm).Should().Be("GreaterThanOrEqualToThreshold 3, 1 of 1");
        Inputs(alarm).Should().Equal($"m1 = {Namespace} BotFailures [] Sum 300");
    }

    [Fact]
    public void Without_an_email_the_topic_has_no_subscription()
    {
        _s.Resources("AWS::SNS::Subscription").Should().BeEmpty();
    }

    [Fact]
    public void Thresholds_and_the_email_come_from_context()
    {
        var s = new SynthesizedStack(_s.Departments, new Dictionary<string, object>
        {
            ["alarmEmail"] = "oncall@example.com",
            ["alarmFallbackSharePercent"] = "12.5",
            ["alarmFallbackMinCalls"] = "40",
            ["alarmErrorBurst"] = "2",
            ["alarmDurationP99Ms"] = "900",
            ["alarmDirectoryFailures"] = "3",
            ["alarmBotFailures"] = "7",
        });

        var subscription = s.Props("AWS::SNS::Subscription");
        subscription["Protocol"]!.GetValue<string>().Should().Be("email");
        subscription["Endpoint"]!.GetValue<string>().Should().Be("oncall@example.com");
        Cfn.Text(subscription["TopicArn"]).Should().Be("${" + s.Resources("AWS::SNS::Topic").Single(t => t.Id.StartsWith("MonitoringAlarms", StringComparison.Ordinal)).Id + "}");

        var alarms = Alarms(s);
        Rule(alarms["IvrCallRouter-OperatorFallbackShare"]).Should().Be("GreaterThanThreshold 12.5, 1 of 1");
        Expression(alarms["IvrCallRouter-OperatorFallbackShare"]).Should().Be("IF(calls >= 40, 100 * FILL(fallbacks, 0) / calls, 0)");
        Rule(alarms["IvrCallRouter-ErrorBurst"]).Should().Be("GreaterThanOrEqualToThreshold 2, 1 of 1");
        Rule(alarms["IvrCallRouter-DurationP99"]).Should().Be("GreaterThanThreshold 900, 2 of 3");
        Rule(alarms["IvrCallRouter-DirectoryOutage"]).Should().Be("GreaterThanOrEqualToThreshold 3, 1 of 1");
        Rule(alarms["IvrCallRouter-LexConversationFailures"]).Should().Be("GreaterThanOrEqualToThreshold 7, 1 of 1");
    }

    [Fact]
    public void The_dashboard_shows_calls_fallbacks_failures_lambda_and_dynamodb()
    {
        var dashboard = _s.Props("AWS::CloudWatch::Dashboard");
        dashboard["DashboardName"]!.GetValue<string>().Should().Be("IvrCallRouter-Calls");
        var widgets = JsonNode.Parse(Cfn.Text(dashboard["DashboardBody"]))!["widgets"]!.AsArray()
            .ToDictionary(w => w!["properties"]!["title"]!.GetValue<string>(), w => w!["properties"]!.AsObject());

        widgets.Keys.Should().Equal(
            "Calls per department", "Operator fallback share (%)", "Operator fallbacks by reason",
            "Bot and bridge failures", "Lambda errors and throttles", "Duration p99 (ms)",
            "DynamoDB throttles", "Directory outages and stale copies", "Alarms");

        Lines(widgets["Calls per department"]).Should().Equal(
            $"SEARCH('{{{Namespace},Department,RouteKind}} MetricName=\"CallsRouted\"', 'Sum', 300)",
            $"{Namespace} CallsStarted Sum");
        Lines(widgets["Operator fallback share (%)"]).Should().Equal(
            "IF(calls >= 10, 100 * FILL(fallbacks, 0) / calls, 0)",
            $"{Namespace} CallsStarted Sum",
            $"{Namespace} OperatorFallbacks Sum");
        widgets["Operator fallback share (%)"]["annotations"]!["horizontal"]![0]!["value"]!.GetValue<double>().Should().Be(30);
        Lines(widgets["Operator fallbacks by reason"]).Should().Equal(
            $"SEARCH('{{{Namespace},Reason}} MetricName=\"OperatorFallbacks\"', 'Sum', 300)");
        Lines(widgets["Bot and bridge failures"]).Should().Equal(
            $"{Namespace} BotFailures Sum",
            $"{Namespace} BridgeFailures Sum",
            $"SEARCH('{{{Namespace},ErrorType}} MetricName=\"BridgeFailures\"', 'Sum', 300)");
        Lines(widgets["Lambda errors and throttles"]).Should().Equal(
            $"AWS/Lambda Errors FunctionName={FunctionRef} Sum",
            $"AWS/Lambda Throttles FunctionName={FunctionRef} Sum");
        Lines(widgets["Duration p99 (ms)"]).Should().Equal(
            $"AWS/Lambda Duration FunctionName={FunctionRef} p99",
            $"{Namespace} DecisionLatency p99");

        var tables = _s.Resources("AWS::DynamoDB::Table").Select(t => "${" + t.Id + "}").ToList();
        Lines(widgets["DynamoDB throttles"]).Should().BeEquivalentTo(tables.SelectMany(t => new[]
        {
            $"AWS/DynamoDB ReadThrottleEvents TableName={t} Sum",
            $"AWS/DynamoDB WriteThrottleEvents TableName={t} Sum",
        }));
        Lines(widgets["Directory outages and stale copies"]).Should().Equal(
            $"{Namespace} DirectoryOutages Sum",
            $"{Namespace} StaleCopiesServed Sum");

        var alarmArns = _s.Resources("AWS::CloudWatch::Alarm").Select(a => "${" + a.Id + ".Arn}");
        widgets["Alarms"]["alarms"]!.AsArray().Select(a => a!.GetValue<string>()).Should().BeEquivalentTo(alarmArns);
    }

    private Dictionary<string, JsonObject> Alarms() => Alarms(_s);

    private static Dictionary<string, JsonObject> Alarms(SynthesizedStack s) =>
        s.Resources("AWS::CloudWatch::Alarm").ToDictionary(a => a.Resource["Properties"]!["AlarmName"]!.GetValue<string>(), a => a.Resource["Properties"]!.AsObject());

    private static string Rule(JsonObject alarm) =>
        $"{alarm["ComparisonOperator"]} {alarm["Threshold"]}, {alarm["DatapointsToAlarm"]} of {alarm["EvaluationPeriods"]}";

    /// <summary>The expression an alarm returns (the one query with ReturnData not false and an Expression).</summary>
    private static string Expression(JsonObject alarm) =>
        alarm["Metrics"]!.AsArray().Single(m => m!["Expression"] is not null)!["Expression"]!.GetValue<string>();

    /// <summary>Each metric an alarm reads: "id = namespace name [dimension=value] statistic period".</summary>
    private static List<string> Inputs(JsonObject alarm) =>
        alarm["Metrics"]!.AsArray().Where(m => m!["MetricStat"] is not null).Select(m =>
        {
            var stat = m!["MetricStat"]!;
            var metric = stat["Metric"]!;
            var dimensions = metric["Dimensions"]?.AsArray().Select(d => $"{d!["Name"]}={Cfn.Text(d["Value"])}") ?? [];
            return $"{m["Id"]} = {metric["Namespace"]} {metric["MetricName"]} [{string.Join(",", dimensions)}] {stat["Stat"]} {stat["Period"]}";
        }).ToList();

    /// <summary>A widget's lines: an expression, or "namespace name [dimension=value] statistic".</summary>
    private static List<string> Lines(JsonObject widget) =>
        widget["metrics"]!.AsArray().Select(line =>
        {
            var items = line!.AsArray();
            var options = items[^1]!.AsObject();
            if (options["expression"] is { } expression)
            {
                return expression.GetValue<string>();
            }

            var names = items.Take(items.Count - 1).Select(i => i!.GetValue<string>()).ToList();
            var dimensions = names.Skip(2).Chunk(2).Select(p => $" {p[0]}={p[1]}");
            return $"{names[0]} {names[1]}{string.Concat(dimensions)} {options["stat"]}";
        }).ToList();
}
