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
        JsonNode? parsed;
        try
        {
            parsed = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = false });
        }
        catch (JsonException e)
        {
            // JsonException counts lines and bytes from 0; people count from 1.
            throw new CallScriptException(null, $"is not valid JSON (line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1})");
        }

        var root = parsed as JsonObject ?? throw new CallScriptException(null, "must be a JSON object, e.g. {\"inputs\": [\"history\"]}");
        Known(root, null, "caller", "called", "inputs", "bridges", "defaultBridge", "agent", "faults", "hangUpAfterHearing", "lateEvent");
        var agent = Object(root, "agent");
        if (agent is not null)
        {
            Known(agent, "agent.", "hangsUp", "ringSeconds", "talkSeconds");
        }

        var defaults = new CallScript();
        return new CallScript
        {
            CallerNumber = PhoneNumber(root, "caller") ?? defaults.CallerNumber,
            CalledNumber = PhoneNumber(root, "called") ?? defaults.CalledNumber,
            Inputs = Array(root, "inputs", "an array of strings, e.g. [\"history\", \"dtmf 2#\", \"silence\", \"hangup\"]")
                .Select((node, i) => Input(String(node, $"inputs[{i}]") ?? throw new CallScriptException($"inputs[{i}]", "must be a string such as \"history\" or \"dtmf 2#\""), $"inputs[{i}]"))
                .ToList(),
            Bridges = (Object(root, "bridges") ?? []).ToDictionary(b => b.Key, b => Outcome(b.Value, $"bridges.{b.Key}"), StringComparer.Ordinal),
            DefaultBridge = root["defaultBridge"] is { } d ? Outcome(d, "defaultBridge") : BridgeOutcome.Answered,
            Agent = agent is null ? defaults.Agent : new AgentBehaviour(
                Bool(agent, "hangsUp", "agent.hangsUp") ?? false,
                Int(agent, "ringSeconds", "agent.ringSeconds", 0, 120) ?? 4,
                Int(agent, "talkSeconds", "agent.talkSeconds", 0, 3600) ?? 20),
            Faults = Array(root, "faults", "an array of objects, e.g. [{\"action\": \"Speak\", \"occurrence\": 1, \"errorType\": \"SystemException\"}]")
                .Select((node, i) => Fault(node, $"faults[{i}]"))
                .ToList(),
            HangUpAfterHearing = String(root["hangUpAfterHearing"], "hangUpAfterHearing"),
            LateEvent = Bool(root, "lateEvent", "lateEvent") ?? false,
        };
    }

    /// <summary>The script format in a few lines (for <c>--help</c>).</summary>
    public const string Format = """
        { "caller": "+15555550100", "called": "+15555550101",       E.164 numbers (these are the defaults)
          "inputs": ["history", "dtmf 2#", "silence", "hangup"],    what the caller does, in order, each time
                                                                    someone waits for them: words ("say ..." too),
                                                                    keys ("dtmf 2#" or "#2#"), "silence", "hangup";
                                                                    "@1s #3": keys or words 1 s into the question
          "bridges": { "600300": "answered" },                      per destination (Voice Connector number or
          "defaultBridge": "answered",                              E.164): answered, notAnswered, busy, failed
          "agent": { "hangsUp": true, "ringSeconds": 4, "talkSeconds": 20 },
          "faults": [ { "action": "Speak", "occurrence": 1,        make the n-th action of a type fail
                        "errorType": "SystemException", "errorMessage": "Injected failure" } ],
          "hangUpAfterHearing": "Goodbye",                          the caller hangs up on hearing this text
          "lateEvent": false }                                      one more ACTION_FAILED after the call ended
        Every field is optional; an unknown field or a wrong type is refused, naming the field.
        """;

    private static CallerInput Input(string text, string field)
    {
        try
        {
            return CallerInput.Parse(text);
        }
        catch (FormatException e)
        {
            throw new CallScriptException(field, e.Message);
        }
    }

    private static void Known(JsonObject json, string? prefix, params string[] names)
    {
        foreach (var (key, _) in json)
        {
            if (!names.Contains(key, StringComparer.Ordinal))
            {
                var close = names.FirstOrDefault(n => key.Length >= 3 && Distance(n.ToLowerInvariant(), key.ToLowerInvariant()) <= 2);
                throw new CallScriptException(prefix + key, "is unknown" + (close is null ? $" (known: {string.Join(", ", names)})" : $"; did you mean '{prefix}{close}'?"));
            }
        }
    }

    /// <summary>Edits (insert, delete, replace) from one word to the other: a misspelt field is a few away.</summary>
    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }

    private static JsonObject? Object(JsonObject parent, string name) => parent[name] switch
    {
        null => null,
        JsonObject o => o,
        var other => throw new CallScriptException(name, $"must be an object, not {Kind(other)}"),
    };

    private static JsonArray Array(JsonObject parent, string name, string expected) => parent[name] switch
    {
        null => [],
        JsonArray a => a,
        var other => throw new CallScriptException(name, $"must be {expected}, not {Kind(other)}"),
    };

    private static string? String(JsonNode? node, string field) => node switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => throw new CallScriptException(field, $"must be a string, not {Kind(node)}"),
    };

    private static string? PhoneNumber(JsonObject parent, string name) =>
        String(parent[name], name) is { } number && !Contracts.SmaContract.E164().IsMatch(number)
            ? throw new CallScriptException(name, $"must be an E.164 number such as +15555550100, not '{number}'")
            : String(parent[name], name);

    private static bool? Bool(JsonObject parent, string name, string field) => parent[name] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
        var other => throw new CallScriptException(field, $"must be true or false, not {Kind(other)}"),
    };

    private static int? Int(JsonObject parent, string name, string field, int min, int max) => parent[name] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out var n) && n >= min && n <= max => n,
        var other => throw new CallScriptException(field, $"must be a whole number from {min} to {max}, not {other.ToJsonString()}"),
    };

    private static ActionFault Fault(JsonNode? node, string field)
    {
        if (node is not JsonObject fault)
        {
            throw new CallScriptException(field, $"must be an object with \"action\", not {Kind(node)}");
        }

        Known(fault, field + ".", "action", "occurrence", "errorType", "errorMessage");
        return new ActionFault(
            String(fault["action"], field + ".action") ?? throw new CallScriptException(field + ".action", "is missing: name the action that fails, e.g. \"Speak\""),
            Int(fault, "occurrence", field + ".occurrence", 1, 100) ?? 1,
            String(fault["errorType"], field + ".errorType") ?? "SystemException",
            String(fault["errorMessage"], field + ".errorMessage") ?? "Injected failure");
    }

    private static BridgeOutcome Outcome(JsonNode? node, string field) => String(node, field)?.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant() switch
    {
        "answered" => BridgeOutcome.Answered,
        "notanswered" or "noanswer" => BridgeOutcome.NotAnswered,
        "busy" => BridgeOutcome.Busy,
        "failed" => BridgeOutcome.Failed,
        _ => throw new CallScriptException(field, $"must be answered, notAnswered, busy or failed, not {node?.ToJsonString() ?? "null"}"),
    };

    private static string Kind(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "an object",
        JsonArray => "an array",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => $"a string ({v.ToJsonString()})",
            JsonValueKind.Number => $"a number ({v.ToJsonString()})",
            JsonValueKind.True or JsonValueKind.False => $"{v.ToJsonString()}",
            _ => v.ToJsonString(),
        },
        _ => node.ToJsonString(),
    };
}

/// <summary>A call script that cannot be played: <see cref="Field"/> (null for the whole script) and what is wrong, in one line.</summary>
public sealed class CallScriptException(string? field, string problem)
    : FormatException(field is null ? $"the call script {problem}" : $"call script field '{field}' {problem}")
{
    public string? Field { get; } = field;
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

    /// <summary>Inputs the call ended without using.</summary>
    public IReadOnlyList<CallerInput> Remaining => [.. queue];

    public CallerInput? Peek() => queue.TryPeek(out var input) ? input : null;

    public void Take() => queue.Dequeue();
}
