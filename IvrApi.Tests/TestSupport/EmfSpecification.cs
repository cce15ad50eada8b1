using System.Text.Json;

namespace IvrApi.Tests.TestSupport;

/// <summary>
/// The CloudWatch Embedded Metric Format rules, one by one, as the specification states them
/// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html,
/// "Embedded metric format document structure" and its JSON schema). Returns what a document breaks.
/// </summary>
public static class EmfSpecification
{
    // The schema's MetricUnit pattern: the units of MetricDatum
    // (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricDatum.html).
    public static readonly IReadOnlySet<string> Units = new HashSet<string>(StringComparer.Ordinal)
    {
        "Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes", "Megabytes", "Gigabytes", "Terabytes", "Bits",
        "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent", "Count", "Bytes/Second", "Kilobytes/Second",
        "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second", "Bits/Second", "Kilobits/Second", "Megabits/Second",
        "Gigabits/Second", "Terabits/Second", "Count/Second", "None",
    };

    public static List<string> Problems(string line)
    {
        var problems = new List<string>();

        // "The LogEvent message MUST be a valid JSON object with no additional data at the beginning or end"; one log
        // event per line on Lambda's stdout.
        if (line.Contains('\n', StringComparison.Ordinal))
        {
            problems.Add("the document spans more than one line");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            problems.Add("not JSON: " + ex.Message);
            return problems;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problems.Add("the root is not an object");
                return problems;
            }

            // "_aws ... MUST be an object and MUST contain" CloudWatchMetrics and Timestamp (the schema requires both).
            if (!root.TryGetProperty("_aws", out var aws) || aws.ValueKind != JsonValueKind.Object)
            {
                problems.Add("no _aws object");
                return problems;
            }

            // "Unless otherwise noted, objects defined by this specification MUST NOT contain any additional members."
            Only(aws, "_aws", problems, "CloudWatchMetrics", "Timestamp");

            // "Timestamp — ... the number of milliseconds after Jan 1, 1970 00:00:00 UTC" (schema: integer).
            if (!aws.TryGetProperty("Timestamp", out var timestamp) || timestamp.ValueKind != JsonValueKind.Number || !timestamp.TryGetInt64(out var ms) || ms < 0)
            {
                problems.Add("_aws.Timestamp is not a non-negative integer of milliseconds");
            }

            if (!aws.TryGetProperty("CloudWatchMetrics", out var directives) || directives.ValueKind != JsonValueKind.Array)
            {
                problems.Add("_aws.CloudWatchMetrics is not an array");
                return problems;
            }

            foreach (var directive in directives.EnumerateArray())
            {
                Directive(root, directive, problems);
            }
        }

        return problems;
    }

    private static void Directive(JsonElement root, JsonElement directive, List<string> problems)
    {
        if (directive.ValueKind != JsonValueKind.Object)
        {
            problems.Add("a MetricDirective is not an object");
            return;
        }

        Only(directive, "MetricDirective", problems, "Namespace", "Dimensions", "Metrics");

        // "Namespace — A string representing the CloudWatch namespace" (schema: 1-255 characters).
        if (!directive.TryGetProperty("Namespace", out var ns) || ns.ValueKind != JsonValueKind.String || ns.GetString()!.Length is < 1 or > 255)
        {
            problems.Add("Namespace is not a string of 1-255 characters");
        }

        // "Dimensions — A DimensionSet array" (schema: at least one set).
        if (!directive.TryGetProperty("Dimensions", out var sets) || sets.ValueKind != JsonValueKind.Array || sets.GetArrayLength() < 1)
        {
            problems.Add("Dimensions is not a non-empty array of dimension sets");
        }
        else
        {
            foreach (var set in sets.EnumerateArray())
            {
                // "A DimensionSet MUST NOT contain more than 30 dimension keys. A DimensionSet MAY be empty."
                if (set.ValueKind != JsonValueKind.Array || set.GetArrayLength() > 30)
                {
                    problems.Add("a DimensionSet is not an array of at most 30 keys");
                    continue;
                }

                foreach (var key in set.EnumerateArray())
                {
                    // "The values within this array MUST also be members on the root-node"; "The target member MUST
                    // have a string value" (a dimension value is 1-1024 characters:
                    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_Dimension.html).
                    var name = key.ValueKind == JsonValueKind.String ? key.GetString()! : "";
                    if (name.Length is < 1 or > 255)
                    {
                        problems.Add("a dimension key is not a string of 1-255 characters");
                    }
                    else if (!root.TryGetProperty(name, out var target) || target.ValueKind != JsonValueKind.String || target.GetString()!.Length is < 1 or > 1024)
                    {
                        problems.Add($"dimension {name} has no top-level string member of 1-1024 characters");
                    }
                }
            }
        }

        // "Metrics — An array of MetricDefinition objects. This array MUST NOT contain more than 100".
        if (!directive.TryGetProperty("Metrics", out var metrics) || metrics.ValueKind != JsonValueKind.Array || metrics.GetArrayLength() > 100)
        {
            problems.Add("Metrics is not an array of at most 100 definitions");
            return;
        }

        foreach (var metric in metrics.EnumerateArray())
        {
            if (metric.ValueKind != JsonValueKind.Object)
            {
                problems.Add("a MetricDefinition is not an object");
                continue;
            }

            Only(metric, "MetricDefinition", problems, "Name", "Unit", "StorageResolution");
            var name = metric.TryGetProperty("Name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : "";
            if (name.Length is < 1 or > 255)
            {
                problems.Add("a MetricDefinition has no Name of 1-255 characters");
                continue;
            }

            // "Metric targets MUST be either a numeric value or an array of numeric values" (at most 100), on the root.
            if (!root.TryGetProperty(name, out var value)
                || !(value.ValueKind == JsonValueKind.Number
                    || (value.ValueKind == JsonValueKind.Array && value.GetArrayLength() <= 100 && value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.Number))))
            {
                problems.Add($"metric {name} has no top-level numeric member");
            }

            // "Unit — ... Values SHOULD be valid CloudWatch metric units" (the schema's list).
            if (metric.TryGetProperty("Unit", out var unit) && (unit.ValueKind != JsonValueKind.String || !Units.Contains(unit.GetString()!)))
            {
                problems.Add($"metric {name} has unit {unit}, not a CloudWatch unit");
            }
        }
    }

    private static void Only(JsonElement element, string what, List<string> problems, params string[] allowed)
    {
        foreach (var property in element.EnumerateObject().Where(p => !allowed.Contains(p.Name)))
        {
            problems.Add($"{what} has a member the specification does not define: {property.Name}");
        }
    }
}
