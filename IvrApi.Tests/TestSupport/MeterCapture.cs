using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using IvrApi.Observability;
using Microsoft.Extensions.DependencyInjection;

namespace IvrApi.Tests.TestSupport;

/// <summary>One measurement as a MeterListener saw it: instrument, value and tags ("Key=value", sorted).</summary>
public sealed record Measured(string Instrument, double Value, string Tags);

/// <summary>
/// Listens, as dotnet-counters would, to the "IvrApi" meter of one container only (its IMeterFactory), so test
/// classes running side by side do not see each other's calls.
/// </summary>
public sealed class MeterCapture : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly ConcurrentQueue<Measured> measured = new();

    public MeterCapture(IMeterFactory factory)
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == CallMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Keep(instrument, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Keep(instrument, value, tags));
        listener.Start();
    }

    public IReadOnlyList<Measured> Measurements => measured.ToArray();

    /// <summary>A metrics adapter on a container of its own, with a capture listening to it.</summary>
    public static (CallMetrics Metrics, MeterCapture Capture) Create()
    {
        var factory = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();
        return (new CallMetrics(factory), new MeterCapture(factory));
    }

    /// <summary>The sum of an instrument's measurements with exactly these tags ("" for none).</summary>
    public double Sum(string instrument, string tags = "") =>
        Measurements.Where(m => m.Instrument == instrument && m.Tags == tags).Sum(m => m.Value);

    public void Dispose() => listener.Dispose();

    private void Keep<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        where T : struct
    {
        var pairs = new List<string>();
        foreach (var tag in tags)
        {
            pairs.Add($"{tag.Key}={tag.Value}");
        }

        pairs.Sort(StringComparer.Ordinal);
        measured.Enqueue(new Measured(instrument.Name, Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture), string.Join(" ", pairs)));
    }
}
