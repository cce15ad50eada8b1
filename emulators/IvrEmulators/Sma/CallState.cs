using System.Text.Json.Nodes;
using IvrEmulators.Contracts;

namespace IvrEmulators.Sma;

/// <summary>One call as the SMA holds it: the script, the line, the legs, the transaction attributes, what ran.</summary>
internal sealed class CallState(CallScript script, SimulatedLine line, CallRecord record, SmaEmulatorOptions options, IBridgeTarget bridges)
{
    public CallScript Script { get; } = script;

    public SimulatedLine Line { get; } = line;

    public CallRecord Record { get; } = record;

    public SmaEmulatorOptions Options { get; } = options;

    public IBridgeTarget BridgeTarget { get; } = bridges;

    public string TransactionId { get; } = Guid.NewGuid().ToString();

    public CallLeg LegA { get; } = new(Guid.NewGuid().ToString(), "LEG-A", script.CalledNumber, script.CallerNumber, "Inbound");

    public CallLeg? LegB { get; set; }

    public Dictionary<string, string> Attributes { get; set; } = new(StringComparer.Ordinal);

    public int Sequence { get; set; }

    public bool Answered { get; set; }

    public Dictionary<string, int> ActionCounts { get; } = new(StringComparer.Ordinal);

    public JsonObject? LastAction { get; set; }

    /// <summary>Who left first, where and connected to what: how the call ended once the last leg is gone.</summary>
    public CallEnding? FirstLeft { get; set; }

    public long StartedAt { get; } = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    /// <summary>The call as the contract's action rules see it now.</summary>
    public SmaCallView View() => new(LegA.View(), LegB?.View(), Options.OwnedNumbers, Options.VoiceConnectorArns);
}

internal sealed class CallLeg(string callId, string tag, string to, string from, string direction)
{
    public string CallId { get; } = callId;

    public string Tag { get; } = tag;

    public string To { get; } = to;

    public string From { get; } = from;

    public string Direction { get; } = direction;

    public bool Connected { get; set; } = true;

    public long StartMs { get; init; }

    public SmaLeg View() => new(CallId, Tag, From, To, Connected);
}
