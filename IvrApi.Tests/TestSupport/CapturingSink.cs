using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;

namespace IvrApi.Tests.TestSupport;

/// <summary>Keeps every log event the app writes, rendered, with its properties.</summary>
public sealed class CapturingSink : ILogEventSink
{
    private readonly ConcurrentQueue<LogEvent> events = new();

    public IReadOnlyList<LogEvent> Events => events.ToArray();

    public void Emit(LogEvent logEvent) => events.Enqueue(logEvent);

    /// <summary>Each event as its message plus every property value, the way a log reader would see it.</summary>
    public IEnumerable<string> Lines => Events.Select(e =>
        e.RenderMessage() + " " + string.Join(" ", e.Properties.Select(p => $"{p.Key}={p.Value}")) + " " + e.Exception);
}
