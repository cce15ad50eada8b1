using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using IvrApi.Routing;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace IvrApi.Infrastructure;

public sealed class MetricsOptions
{
    public const string Section = "Metrics";

    /// <summary>
    /// Write one CloudWatch Embedded Metric Format document per decision to stdout. Set by the deploy on Lambda, where
    /// stdout is the function's log and CloudWatch Logs extracts the metrics: no API call, no added latency.
    /// </summary>
    public bool Emf { get; set; }

    /// <summary>The CloudWatch namespace of the EMF metrics.</summary>
    public string Namespace { get; set; } = "IvrApi";
}

/// <summary>Where EMF documents go: stdout, the Lambda function's log. Tests put their own writer here.</summary>
public sealed class EmfOutput(TextWriter writer)
{
    // Console.Out is synchronized: one WriteLine is one whole line, never interleaved with a log line.
    public void WriteLine(string document) => writer.WriteLine(document);
}

/// <summary>
/// Writes a decision as CloudWatch Embedded Metric Format
/// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html):
/// <c>_aws</c> {Timestamp, CloudWatchMetrics: one MetricDirective per dimension set}, the values and dimension values
/// as top-level members. Utf8JsonWriter, so nothing is reflected over (Native AOT).
/// </summary>
public sealed class EmfWriter(IOptions<MetricsOptions> options, TimeProvider clock, EmfOutput output)
{
    public void Write(IReadOnlyList<MetricEntry> entries, double latencyMilliseconds)
    {
        var first = true;
        foreach (var document in Documents(entries))
        {
            output.WriteLine(Render(document, first ? latencyMilliseconds : null));
            first = false;
        }
    }

    /// <summary>
    /// One document unless two counts need different values for the same member (the same metric twice with other
    /// dimensions, or two metrics sharing a dimension name): a document has one value per member.
    /// </summary>
    private static List<Dictionary<MetricEntry, int>> Documents(IReadOnlyList<MetricEntry> entries)
    {
        var documents = new List<Dictionary<MetricEntry, int>>();
        foreach (var entry in entries)
        {
            var document = documents.FirstOrDefault(d => d.ContainsKey(entry) || d.Keys.All(other => Compatible(other, entry)));
            if (document is null)
            {
                documents.Add(document = []);
            }

            document[entry] = document.GetValueOrDefault(entry) + 1;
        }

        return documents;
    }

    private static bool Compatible(MetricEntry a, MetricEntry b)
    {
        if (a.Metric == b.Metric)
        {
            return false;
        }

        for (var i = 0; i < a.Metric.Dimensions.Count; i++)
        {
            for (var j = 0; j < b.Metric.Dimensions.Count; j++)
            {
                if (a.Metric.Dimensions[i] == b.Metric.Dimensions[j] && a.Value(i) != b.Value(j))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private string Render(Dictionary<MetricEntry, int> document, double? latencyMilliseconds)
    {
        var ns = options.Value.Namespace;
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("_aws");
            json.WriteNumber("Timestamp", clock.GetUtcNow().ToUnixTimeMilliseconds());
            json.WriteStartArray("CloudWatchMetrics");

            // Metrics without dimensions share one directive with the empty dimension set.
            var plain = document.Keys.Where(e => e.Metric.Dimensions.Count == 0).Select(e => e.Metric).ToList();
            if (latencyMilliseconds is not null)
            {
                plain.Insert(0, CallMetricCatalog.DecisionLatency);
            }

            if (plain.Count > 0)
            {
                StartDirective(json, ns);
                json.WriteStartArray();
                json.WriteEndArray();
                EndDirective(json, plain);
            }

            foreach (var entry in document.Keys.Where(e => e.Metric.Dimensions.Count > 0))
            {
                StartDirective(json, ns);
                json.WriteStartArray();
                foreach (var dimension in entry.Metric.Dimensions)
                {
                    json.WriteStringValue(dimension);
                }

                json.WriteEndArray();
                if (entry.Metric.AlsoTotal)
                {
                    json.WriteStartArray();
                    json.WriteEndArray();
                }

                EndDirective(json, [entry.Metric]);
            }

            json.WriteEndArray();
            json.WriteEndObject();

            if (latencyMilliseconds is { } latency)
            {
                json.WriteNumber(CallMetricCatalog.DecisionLatency.Name, Math.Round(latency, 3));
            }

            foreach (var (entry, count) in document)
            {
                json.WriteNumber(entry.Metric.Name, count);
                for (var i = 0; i < entry.Metric.Dimensions.Count; i++)
                {
                    json.WriteString(entry.Metric.Dimensions[i], entry.Value(i) ?? CallMetrics.Other);
                }
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void StartDirective(Utf8JsonWriter json, string ns)
    {
        json.WriteStartObject();
        json.WriteString("Namespace", ns);
        json.WriteStartArray("Dimensions");
    }

    private static void EndDirective(Utf8JsonWriter json, IEnumerable<CallMetric> metrics)
    {
        json.WriteEndArray();
        json.WriteStartArray("Metrics");
        foreach (var metric in metrics)
        {
            json.WriteStartObject();
            json.WriteString("Name", metric.Name);
            json.WriteString("Unit", metric.Unit);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}

internal static partial class CallMetricsSetup
{
    /// <summary>The metrics port and its adapter; the EMF writer is used only with <c>Metrics:Emf</c>.</summary>
    public static IServiceCollection AddCallMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MetricsOptions>().Bind(configuration.GetSection(MetricsOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MetricsOptions>, MetricsOptionsValidation>();
        services.AddMetrics();
        services.AddSingleton<CallMetrics>();
        services.AddSingleton<ICallMetrics>(sp => sp.GetRequiredService<CallMetrics>());
        services.TryAddSingleton(new EmfOutput(Console.Out));
        services.AddSingleton<EmfWriter>();
        return services;
    }

    /// <summary>
    /// Around every request: collect what it decided, then record the decision latency and, with <c>Metrics:Emf</c>,
    /// write the EMF document. Requests that decided nothing (health, admin, RINGING) write nothing.
    /// </summary>
    public static IApplicationBuilder UseCallMetrics(this IApplicationBuilder app)
    {
        var services = app.ApplicationServices;
        var metrics = services.GetRequiredService<CallMetrics>();
        var clock = services.GetRequiredService<TimeProvider>();
        var emf = services.GetRequiredService<IOptions<MetricsOptions>>().Value.Emf ? services.GetRequiredService<EmfWriter>() : null;
        return app.Use(async (HttpContext context, RequestDelegate next) =>
        {
            var record = DecisionRecord.Begin();
            var started = clock.GetTimestamp();
            try
            {
                await next(context).ConfigureAwait(false);
            }
            finally
            {
                var entries = record.Entries;
                if (entries.Count > 0)
                {
                    var milliseconds = clock.GetElapsedTime(started).TotalMilliseconds;
                    metrics.DecisionTook(milliseconds);
                    emf?.Write(entries, milliseconds);
                }
            }
        });
    }

    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html#Namespace: 1-255 of these
    // characters, at least one not a space; "AWS/" is reserved for AWS services; PutMetricData's pattern [^:].* bars a
    // leading colon.
    [GeneratedRegex(@"^(?!AWS/)(?!:)(?=.*[^ ])[0-9A-Za-z.\-_/#: ]{1,255}$")]
    private static partial Regex NamespacePattern();

    private sealed class MetricsOptionsValidation : IValidateOptions<MetricsOptions>
    {
        public ValidateOptionsResult Validate(string? name, MetricsOptions options) =>
            NamespacePattern().IsMatch(options.Namespace)
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail(
                    $"Metrics:Namespace '{options.Namespace}' must be 1-255 letters, digits or . - _ / # : space, not starting with AWS/.");
    }
}
