using IvrEmulators;
using IvrEmulators.Sma;

/// <summary>
/// A person at the console plays the caller. Before each prompt, what happened since the last one is printed as it
/// happened: what the caller heard, a bridge ringing, answered or not. While a bridge rings or the agent talks, Enter
/// waits and <c>hangup</c> leaves.
/// </summary>
internal sealed class ConsoleInputs(CallRecord record, TextReader input, TextWriter output) : ICallerInputSource
{
    private readonly LiveTranscript transcript = new(record, output);
    private CallerInput? next;

    public CallerInput? Peek()
    {
        if (next is not null)
        {
            return next;
        }

        transcript.Flush();
        output.Write(transcript.State switch
        {
            LiveTranscript.LineState.Ringing => "caller (ringing: Enter waits, `hangup` leaves)> ",
            LiveTranscript.LineState.WithAgent => "caller (with the agent: Enter waits, `hangup` leaves)> ",
            _ => "caller> ",
        });
        var line = input.ReadLine();
        next = line is null ? new CallerInput.HangUp() : CallerInput.Parse(line);
        return next;
    }

    public void Take() => next = null;

    /// <summary>Prints what is left once the call is over.</summary>
    public void Finish() => transcript.Flush();
}

/// <summary>Prints a call record's new lines (heard, ringing, bridge outcomes) in time order, as the call goes on.</summary>
internal sealed class LiveTranscript(CallRecord record, TextWriter output)
{
    private int heard;
    private int ringing;
    private int bridges;

    public enum LineState
    {
        Idle,
        Ringing,
        WithAgent,
    }

    /// <summary>Where the caller is now: a bridge ringing with no outcome yet, an answered one, or neither.</summary>
    public LineState State =>
        record.Ending is not null ? LineState.Idle
        : record.Ringing.Count > record.Bridges.Count ? LineState.Ringing
        : record.Bridges.Count > 0 && record.Bridges[^1].Outcome == nameof(BridgeOutcome.Answered) ? LineState.WithAgent
        : LineState.Idle;

    public void Flush()
    {
        var lines = record.Heard.Skip(heard).Select(h => (h.AtMs, Order: 0, Text: $"  [{h.Source}] {h.Text}"))
            .Concat(record.Ringing.Skip(ringing).Select(r => (r.AtMs, Order: 1, Text: $"  ... ringing {Destination(r.EndpointType, r.Uri, r.SipHeaders)}")))
            .Concat(record.Bridges.Skip(bridges).Select(b => (b.AtMs, Order: 2, Text: $"  ... {b.Uri}: {Outcome(b.Outcome)}")))
            .OrderBy(l => l.AtMs).ThenBy(l => l.Order)
            .ToList();
        heard = record.Heard.Count;
        ringing = record.Ringing.Count;
        bridges = record.Bridges.Count;
        foreach (var line in lines)
        {
            output.WriteLine(line.Text);
        }
    }

    private static string Destination(string endpointType, string uri, IReadOnlyDictionary<string, string> headers) =>
        (endpointType == "AWS" ? $"the Voice Connector, {uri}" : uri)
        + (headers.Count == 0 ? "" : " (" + string.Join(", ", headers.Select(h => $"{h.Key}: {h.Value}")) + ")");

    private static string Outcome(string outcome) => outcome switch
    {
        nameof(BridgeOutcome.Answered) => "answered; the caller is with the agent",
        nameof(BridgeOutcome.NotAnswered) => "not answered",
        nameof(BridgeOutcome.Busy) => "busy",
        nameof(BridgeOutcome.Failed) => "the call failed",
        _ => outcome,
    };
}
