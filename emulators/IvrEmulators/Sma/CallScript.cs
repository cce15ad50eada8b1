using System.Text.Json;
using System.Text.Json.Nodes;

namespace IvrEmulators.Sma;

/// <summary>What happens when the SMA bridges to a destination.</summary>
public enum BridgeOutcome
{
    Answered,
    NotAnswered,
    Busy,
    Failed,
}

/// <summary>The <paramref name="Occurrence"/>-th action of <paramref name="ActionType"/> fails with <paramref name="ErrorType"/>.</summary>
public sealed record ActionFault(string ActionType, int Occurrence, string ErrorType, string ErrorMessage);

/// <summary>The agent on the B-leg: rings for <see cref="RingSeconds"/>, talks for <see cref="TalkSeconds"/>, then someone hangs up.</summary>
public sealed record AgentBehaviour(bool AgentHangsUp = false, int RingSeconds = 4, int TalkSeconds = 20);

/// <summary>
/// A caller's whole call: numbers, what they do whenever someone waits for them, what each bridge destination does,
/// and faults to inject. Load one from JSON with <see cref="Parse"/>.
/// </summary>
public sealed record CallScript
{
    public string CallerNumber { get; init; } = "+15555550100";

    public string CalledNumber { get; init; } = "+15555550101";

    /// <summary>Consumed in order each time the caller acts (see <see cref="CallerInput.Parse"/>).</summary>
    public IReadOnlyList<CallerInput> Inputs { get; init; } = [];

    /// <summary>Outcome per endpoint Uri (Voice Connector user part or E.164 number).</summary>
    public IReadOnlyDictionary<string, BridgeOutcome> Bridges { get; init; } = new Dictionary<string, BridgeOutcome>();

    public BridgeOutcome DefaultBridge { get; init; } = BridgeOutcome.Answered;

    public AgentBehaviour Agent { get; init; } = new();

    public IReadOnlyList<ActionFault> Faults { get; init; } = [];

    /// <summary>The caller hangs up as soon as they have heard a line containing this text.</summary>
    public string? HangUpAfterHearing { get; init; }

    /// <summary>After the call ended, the SMA delivers one more ACTION_FAILED for the last action (LEG-A Disconnected).</summary>
    public bool LateEvent { get; init; }

    /// <summary>How long a caller with no question pending waits before acting anyway.</summary>
    public int CallerPatienceMs { get; init; } = 8000;

    /// <summary>How long the caller takes to start answering a question.</summary>
    public int ThinkMs { get; init; } = 1000;

    /// <summary>
    /// <code>
    /// { "caller": "+15555550100", "called": "+15555550101",
    ///   "inputs": ["say history", "dtmf 2#", "silence", "hangup"],
    ///   "bridges": { "600300": "answered", "+15555550102": "busy" }, "defaultBridge": "answered",
    ///   "agent": { "hangsUp": true, "ringSeconds": 4, "talkSeconds": 20 },
    ///   "faults": [ { "action": "Speak", "occurrence": 1, "errorType": "ActionExecutionThrottled", "errorMessage": "Throttled" } ],
    ///   "hangUpAfterHearing": "Goodbye", "lateEvent": false }
    /// </code>
    /// </summary>
    public static CallScript Parse(string json)
    {
        var root = JsonNode.Parse(json) as JsonObject ?? throw new InvalidDataException("A call script is a JSON object.");
        var agent = root["agent"] as JsonObject;
        return new CallScript
        {
            CallerNumber = Text(root["caller"]) ?? "+15555550100",
            CalledNumber = Text(root["called"]) ?? "+15555550101",
            Inputs = (root["inputs"] as JsonArray ?? []).Select(i => CallerInput.Parse(Text(i) ?? "")).ToList(),
            Bridges = (root["bridges"] as JsonObject ?? []).ToDictionary(b => b.Key, b => Outcome(Text(b.Value)), StringComparer.Ordinal),
            DefaultBridge = Text(root["defaultBridge"]) is { } d ? Outcome(d) : BridgeOutcome.Answered,
            Agent = new AgentBehaviour(
                agent?["hangsUp"]?.GetValue<bool>() ?? false,
                agent?["ringSeconds"]?.GetValue<int>() ?? 4,
                agent?["talkSeconds"]?.GetValue<int>() ?? 20),
            Faults = (root["faults"] as JsonArray ?? []).Select(f => new ActionFault(
                Text(f?["action"]) ?? throw new InvalidDataException("A fault names its action."),
                f?["occurrence"]?.GetValue<int>() ?? 1,
                Text(f?["errorType"]) ?? "SystemException",
                Text(f?["errorMessage"]) ?? "Injected failure")).ToList(),
            HangUpAfterHearing = Text(root["hangUpAfterHearing"]),
            LateEvent = root["lateEvent"]?.GetValue<bool>() ?? false,
        };
    }

    private static BridgeOutcome Outcome(string? text) => text?.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant() switch
    {
        "answered" => BridgeOutcome.Answered,
        "notanswered" or "noanswer" => BridgeOutcome.NotAnswered,
        "busy" => BridgeOutcome.Busy,
        "failed" => BridgeOutcome.Failed,
        _ => throw new InvalidDataException($"Unknown bridge outcome '{text}' (answered, notAnswered, busy, failed)."),
    };

    private static string? Text(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}

/// <summary>Where the caller's inputs come from: the script, or a person at a console.</summary>
public interface ICallerInputSource
{
    /// <summary>The next input, or null when there is none (the caller then stays silent).</summary>
    CallerInput? Peek();

    void Take();
}

/// <summary>The script's inputs in order.</summary>
public sealed class ScriptedInputs(IEnumerable<CallerInput> inputs) : ICallerInputSource
{
    private readonly Queue<CallerInput> queue = new(inputs);

    public CallerInput? Peek() => queue.TryPeek(out var input) ? input : null;

    public void Take() => queue.Dequeue();
}
