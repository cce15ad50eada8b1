using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace IvrApi.Observability;

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
