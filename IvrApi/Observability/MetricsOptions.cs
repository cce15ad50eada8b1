namespace IvrApi.Observability;

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
