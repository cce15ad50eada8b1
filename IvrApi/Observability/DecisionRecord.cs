namespace IvrApi.Observability;

/// <summary>
/// What one event decided, collected while it is handled (the ambient record flows with the request, into the
/// directory read it starts), so the event becomes one EMF document.
/// </summary>
public sealed class DecisionRecord
{
    private static readonly AsyncLocal<DecisionRecord?> Ambient = new();

    private readonly Lock gate = new();
    private readonly List<MetricEntry> entries = [];

    public static DecisionRecord? Current => Ambient.Value;

    /// <summary>Starts the record of the event handled in this async flow.</summary>
    public static DecisionRecord Begin() => Ambient.Value = new DecisionRecord();

    public IReadOnlyList<MetricEntry> Entries
    {
        get
        {
            lock (gate)
            {
                return entries.ToArray();
            }
        }
    }

    public void Add(MetricEntry entry)
    {
        // A shared directory read may finish on another thread while the request that started it is still running.
        lock (gate)
        {
            entries.Add(entry);
        }
    }
}
