using System.Globalization;
using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.CloudWatch.Actions;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.SNS;
using Amazon.CDK.AWS.SNS.Subscriptions;
using Constructs;

namespace IvrDeploy;

/// <summary>
/// What an operator watches: IvrApi writes one CloudWatch Embedded Metric Format document per call decision into its
/// log (turned on here), CloudWatch Logs extracts the metrics, and a dashboard and alarms read them beside the
/// Lambda and DynamoDB metrics. Alarms notify an SNS topic, with an email subscription when <c>alarmEmail</c> is set.
/// </summary>
internal sealed class Monitoring : Construct
{
    private static readonly Duration FiveMinutes = Duration.Minutes(5);

    private readonly string metricsNamespace;

    public Topic AlarmTopic { get; }
    public Dashboard Dashboard { get; }

    public Monitoring(Construct scope, string id, IvrApiFunction api, DepartmentDirectory directory, DeploySettings settings) : base(scope, id)
    {
        var stackName = Stack.Of(this).StackName;

        // One namespace per stack: two deployments in one account never add up each other's calls.
        metricsNamespace = $"IvrApi/{stackName}";
        api.AddSettings(new Dictionary<string, string> { ["Metrics__Emf"] = "true", ["Metrics__Namespace"] = metricsNamespace });

        // Publishers must use TLS (https://docs.aws.amazon.com/sns/latest/dg/sns-security-best-practices.html#enforce-encryption-data-in-transit).
        // That deny needs a topic policy, which replaces SNS's default one: so it also names the one publisher, this
        // account's CloudWatch alarms.
        AlarmTopic = new Topic(this, "Alarms", new TopicProps { DisplayName = $"{stackName} call router alarms", EnforceSSL = true });
        var stack = Stack.Of(this);
        AlarmTopic.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Principals = [new ServicePrincipal("cloudwatch.amazonaws.com")],
            Actions = ["sns:Publish"],
            Resources = [AlarmTopic.TopicArn],
            Conditions = new Dictionary<string, object>
            {
                ["StringEquals"] = new Dictionary<string, object> { ["aws:SourceAccount"] = stack.Account },
                ["ArnLike"] = new Dictionary<string, object> { ["aws:SourceArn"] = $"arn:{stack.Partition}:cloudwatch:{stack.Region}:{stack.Account}:alarm:*" },
            },
        }));
        if (settings.AlarmEmail is { } email)
        {
            AlarmTopic.AddSubscription(new EmailSubscription(email));
        }

        var calls = Ivr("CallsStarted", "Sum", FiveMinutes);
        var fallbacks = Ivr("OperatorFallbacks", "Sum", FiveMinutes);

        // Share of calls sent to the operator; a quiet quarter-hour with a handful of calls says nothing, so it counts
        // as 0 below the minimum. Both counts are summed over the alarm's period.
        var fallbackShare = new MathExpression(new MathExpressionProps
        {
            Expression = $"IF(calls >= {settings.AlarmFallbackMinCalls}, 100 * FILL(fallbacks, 0) / calls, 0)",
            UsingMetrics = new Dictionary<string, IMetric> { ["calls"] = calls, ["fallbacks"] = fallbacks },
            Period = Duration.Minutes(15),
            Label = "Operator fallback share (%)",
        });
        var errorBurst = new MathExpression(new MathExpressionProps
        {
            Expression = "FILL(errors, 0) + FILL(throttles, 0)",
            UsingMetrics = new Dictionary<string, IMetric>
            {
                ["errors"] = api.Function.MetricErrors(new MetricOptions { Statistic = "Sum", Period = FiveMinutes }),
                ["throttles"] = api.Function.MetricThrottles(new MetricOptions { Statistic = "Sum", Period = FiveMinutes }),
            },
            Period = FiveMinutes,
            Label = "Lambda errors + throttles",
        });
        var durationP99 = api.Function.MetricDuration(new MetricOptions { Statistic = "p99", Period = FiveMinutes, Label = "IvrApi duration p99" });
        var directoryFailures = new MathExpression(new MathExpressionProps
        {
            Expression = "FILL(outages, 0) + FILL(stale, 0)",
            UsingMetrics = new Dictionary<string, IMetric>
            {
                ["outages"] = Ivr("DirectoryOutages", "Sum", FiveMinutes),
                ["stale"] = Ivr("StaleCopiesServed", "Sum", FiveMinutes),
            },
            Period = FiveMinutes,
            Label = "Calls served without the directory or from its last copy",
        });
        var botFailures = Ivr("BotFailures", "Sum", FiveMinutes, "Lex conversation failures");

        Alarm[] alarms =
        [
            NewAlarm("OperatorFallbackShare", fallbackShare, settings.AlarmFallbackSharePercent, 1, 1, ComparisonOperator.GREATER_THAN_THRESHOLD,
                $"More than {Format(settings.AlarmFallbackSharePercent)}% of calls went to the operator in 15 minutes."),
            NewAlarm("ErrorBurst", errorBurst, settings.AlarmErrorBurst, 1, 1, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
                $"IvrApi failed or was throttled {settings.AlarmErrorBurst}+ times in 5 minutes: those callers heard nothing from us."),
            // Lambda logs arrive late now and then: 2 of 3 periods keep one slow flush from paging anyone.
            NewAlarm("DurationP99", durationP99, settings.AlarmDurationP99Milliseconds, 3, 2, ComparisonOperator.GREATER_THAN_THRESHOLD,
                $"IvrApi p99 duration above {settings.AlarmDurationP99Milliseconds} ms: the SMA retries after 5 s and Lex waits seconds at most."),
            NewAlarm("DirectoryOutage", directoryFailures, settings.AlarmDirectoryFailures, 1, 1, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
                "The department table could not be read: calls were served from the last good copy or sent to the operator."),
            NewAlarm("LexConversationFailures", botFailures, settings.AlarmBotFailures, 1, 1, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
                $"{settings.AlarmBotFailures}+ bot conversations failed in 5 minutes (StartBotConversation ACTION_FAILED)."),
        ];

        Dashboard = new Dashboard(this, "Dashboard", new DashboardProps { DashboardName = $"{stackName}-Calls" });
        Dashboard.AddWidgets(
            Graph("Calls per department", [Search("CallsRouted", "Department", "RouteKind"), calls.With(new MetricOptions { Label = "Calls started" })]),
            new GraphWidget(new GraphWidgetProps
            {
                Title = "Operator fallback share (%)",
                Left = [fallbackShare],
                LeftAnnotations = [new HorizontalAnnotation { Value = settings.AlarmFallbackSharePercent, Label = "alarm" }],
                Width = 8,
            }),
            Graph("Operator fallbacks by reason", [Search("OperatorFallbacks", "Reason")]));
        Dashboard.AddWidgets(
            Graph("Bot and bridge failures", [botFailures, Ivr("BridgeFailures", "Sum", FiveMinutes, "Bridge failures"), Search("BridgeFailures", "ErrorType")]),
            Graph("Lambda errors and throttles", [
                api.Function.MetricErrors(new MetricOptions { Statistic = "Sum", Period = FiveMinutes }),
                api.Function.MetricThrottles(new MetricOptions { Statistic = "Sum", Period = FiveMinutes })]),
            Graph("Duration p99 (ms)", [durationP99, Ivr("DecisionLatency", "p99", FiveMinutes, "Decision latency p99")]));
        Dashboard.AddWidgets(
            Graph("DynamoDB throttles", new[] { directory.DepartmentTable, directory.RulesTable, directory.AgentsTable }.SelectMany(t => new IMetric[]
            {
                t.Metric("ReadThrottleEvents", new MetricOptions { Statistic = "Sum", Period = FiveMinutes }),
                t.Metric("WriteThrottleEvents", new MetricOptions { Statistic = "Sum", Period = FiveMinutes }),
            }).ToArray()),
            Graph("Directory outages and stale copies", [Ivr("DirectoryOutages", "Sum", FiveMinutes), Ivr("StaleCopiesServed", "Sum", FiveMinutes)]),
            new AlarmStatusWidget(new AlarmStatusWidgetProps { Title = "Alarms", Alarms = alarms, Width = 8 }));
    }

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static GraphWidget Graph(string title, IMetric[] metrics) =>
        new(new GraphWidgetProps { Title = title, Left = metrics, Width = 8 });

    private Metric Ivr(string name, string statistic, Duration period, string? label = null) => new(new MetricProps
    {
        Namespace = metricsNamespace,
        MetricName = name,
        Statistic = statistic,
        Period = period,
        Label = label,
    });

    /// <summary>One line per dimension value: dashboards may SEARCH (alarms may not, hence the undimensioned totals).</summary>
    private MathExpression Search(string metricName, params string[] dimensions) => new(new MathExpressionProps
    {
        Expression = $"SEARCH('{{{metricsNamespace},{string.Join(',', dimensions)}}} MetricName=\"{metricName}\"', 'Sum', 300)",
        UsingMetrics = new Dictionary<string, IMetric>(),
        Period = FiveMinutes,
        Label = "",
    });

    private Alarm NewAlarm(string id, IMetric metric, double threshold, int evaluationPeriods, int datapointsToAlarm, ComparisonOperator comparison, string description)
    {
        var alarm = new Alarm(this, id, new AlarmProps
        {
            AlarmName = $"{Stack.Of(this).StackName}-{id}",
            AlarmDescription = description + " Runbook: deploy-cdk/README.md#runbook",
            Metric = metric,
            Threshold = threshold,
            EvaluationPeriods = evaluationPeriods,
            DatapointsToAlarm = datapointsToAlarm,
            ComparisonOperator = comparison,
            // No calls is not an incident: a quiet line must not page anyone.
            TreatMissingData = TreatMissingData.NOT_BREACHING,
        });
        alarm.AddAlarmAction(new SnsAction(AlarmTopic));
        alarm.AddOkAction(new SnsAction(AlarmTopic));
        return alarm;
    }
}
