namespace IvrApi.Observability;

/// <summary>One count of a metric with its dimension values, in the order of <see cref="CallMetric.Dimensions"/>.</summary>
public readonly record struct MetricEntry(CallMetric Metric, string? First, string? Second)
{
    public string? Value(int dimension) => dimension == 0 ? First : Second;
}
