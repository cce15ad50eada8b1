namespace IvrApi.Observability;

/// <summary>
/// One metric as both outlets see it: the CloudWatch name and unit (the EMF document), the dimensions (EMF target
/// members, and the Meter instrument's tag names), and the unit of the <see cref="System.Diagnostics.Metrics"/> instrument.
/// </summary>
/// <param name="AlsoTotal">Also published without dimensions: what an alarm watches (alarms cannot SEARCH).</param>
public sealed record CallMetric(string Name, string Unit, string MeterUnit, IReadOnlyList<string> Dimensions, bool AlsoTotal, string Description);
