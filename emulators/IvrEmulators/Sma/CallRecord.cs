using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace IvrEmulators.Sma;

/// <summary>A line the caller heard, from the SMA's Speak or the bot.</summary>
public sealed record HeardLine(long AtMs, string Source, string Text);

/// <summary>What the caller did, at simulated ms: words, keys, a deliberate silence or wait, hanging up.</summary>
public sealed record CallerAct(long AtMs, CallerInput Input);

/// <summary>A CallAndBridge starting to ring, before anyone knows its outcome.</summary>
public sealed record BridgeRinging(long AtMs, string EndpointType, string Uri, IReadOnlyDictionary<string, string> SipHeaders);

/// <summary>A CallAndBridge the SMA placed and what became of it.</summary>
public sealed record BridgeAttempt(
    long AtMs, string EndpointType, string? Arn, string Uri, IReadOnlyDictionary<string, string> SipHeaders, string Outcome);

/// <summary>More than 3 s with no speech playing and no question pending; <see cref="After"/> is the last line heard.</summary>
public sealed record DeadAirGap(long StartMs, long DurationMs, string? After);

/// <summary>One request/response pair: an SMA event and the Lambda's answer, a Lex code hook call, or a PutSession.</summary>
public sealed record Exchange(long AtMs, string Kind, JsonNode Request, JsonNode? Response);

/// <summary>How the call ended: who hung up, in which state, and the bridge destination if it ended connected.</summary>
public sealed record CallEnding(long AtMs, string How, string Where, string? ConnectedTo);

/// <summary>Everything that happened on one emulated call.</summary>
public sealed class CallRecord
{
    public List<HeardLine> Heard { get; } = [];

    public List<CallerAct> CallerActs { get; } = [];

    public List<BridgeRinging> Ringing { get; } = [];

    public List<BridgeAttempt> Bridges { get; } = [];

    public List<DeadAirGap> DeadAir { get; } = [];

    public List<string> Violations { get; } = [];

    public List<Exchange> Exchanges { get; } = [];

    public CallEnding? Ending { get; set; }

    public IReadOnlyDictionary<string, string> TransactionAttributes { get; set; } = new Dictionary<string, string>();

    /// <summary>The texts heard, in order.</summary>
    public IReadOnlyList<string> HeardTexts => Heard.Select(h => h.Text).ToList();

    /// <summary>A readable account of the call; <paramref name="verbose"/> adds every exchange's JSON.</summary>
    public string ToText(bool verbose = false)
    {
        var text = new StringBuilder();
        // At equal times an exchange comes first: what the caller hears follows from it.
        var events = (verbose
                ? Exchanges.Select(e => (AtMs: e.AtMs, Line: $"---  {e.Kind}\n     > {e.Request.ToJsonString()}\n     < {e.Response?.ToJsonString() ?? "(none)"}"))
                : [])
            .Concat(Heard.Select(h => (AtMs: h.AtMs, Line: $"{h.Source,-4} says: {h.Text}")))
            .Concat(CallerActs.Select(c => (AtMs: c.AtMs, Line: $"caller {c.Input}")))
            .Concat(Bridges.Select(b => (AtMs: b.AtMs, Line: $"SMA  bridges to {b.EndpointType} {b.Uri}{Headers(b.SipHeaders)}: {b.Outcome}")))
            .Concat(DeadAir.Select(d => (AtMs: d.StartMs, Line: $"!!   dead air for {d.DurationMs / 1000.0:0.0} s (after \"{d.After}\")")));
        foreach (var (at, line) in events.OrderBy(e => e.AtMs))
        {
            text.Append(CultureInfo.InvariantCulture, $"[{at / 1000.0,7:0.0}s] {line}\n");
        }

        if (Ending is { } end)
        {
            text.Append(CultureInfo.InvariantCulture, $"[{end.AtMs / 1000.0,7:0.0}s] END  {end.How} ({end.Where}){(end.ConnectedTo is null ? "" : ", connected to " + end.ConnectedTo)}\n");
        }

        foreach (var violation in Violations)
        {
            text.Append("VIOLATION ").Append(violation).Append('\n');
        }

        return text.ToString();
    }

    private static string Headers(IReadOnlyDictionary<string, string> headers) =>
        headers.Count == 0 ? "" : " [" + string.Join(", ", headers.Select(h => $"{h.Key}: {h.Value}")) + "]";
}
