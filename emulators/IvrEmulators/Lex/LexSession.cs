using System.Text.Json.Nodes;

namespace IvrEmulators.Lex;

/// <summary>
/// One Lex V2 session (the Chime CallId is the session id). Holds the documented session state: session attributes
/// (string→string), active contexts, runtime hints, the intent and the dialog action
/// (https://docs.aws.amazon.com/lexv2/latest/dg/lambda-common-structures.html), plus where the bot is in its prompt
/// attempts.
/// </summary>
public sealed class LexSession(string sessionId, string localeId)
{
    public string SessionId { get; } = sessionId;

    public string LocaleId { get; set; } = localeId;

    public Dictionary<string, string> Attributes { get; set; } = new(StringComparer.Ordinal);

    public JsonArray ActiveContexts { get; set; } = [];

    public JsonObject? RuntimeHints { get; set; }

    public string? IntentName { get; set; }

    /// <summary>Slot name → the Lex Slot object (<c>{"value": {...}}</c>) or null when unfilled.</summary>
    public JsonObject Slots { get; set; } = [];

    public string IntentState { get; set; } = "InProgress";

    public string ConfirmationState { get; set; } = "None";

    public string? DialogActionType { get; set; }

    public string? SlotToElicit { get; set; }

    /// <summary>0 = Initial, 1 = Retry1, ...</summary>
    public int Attempt { get; set; }

    /// <summary>The confirmation question last asked (Lambda ConfirmIntent message or the bot's prompt).</summary>
    public IReadOnlyList<string> ConfirmationPrompts { get; set; } = [];

    /// <summary>Messages given to PutSession: returned to the PutSession caller, never spoken on the phone.</summary>
    public IReadOnlyList<string> PutSessionMessages { get; set; } = [];

    public int PutSessionCount { get; set; }

    /// <summary>The session state in the camelCase shape of the Lambda event and the runtime API.</summary>
    public JsonObject ToSessionState(IntentDefinition? intent)
    {
        var state = new JsonObject
        {
            ["activeContexts"] = ActiveContexts.DeepClone(),
            ["sessionAttributes"] = Lex.Attributes.ToJson(Attributes),
        };
        if (RuntimeHints is not null)
        {
            state["runtimeHints"] = RuntimeHints.DeepClone();
        }

        if (DialogActionType is not null)
        {
            var action = new JsonObject { ["type"] = DialogActionType };
            if (SlotToElicit is not null)
            {
                action["slotToElicit"] = SlotToElicit;
            }

            state["dialogAction"] = action;
        }

        if (IntentName is not null)
        {
            state["intent"] = IntentObject(intent);
        }

        return state;
    }

    /// <summary>The intent with every defined slot present (null when unfilled), as the docs describe the slots map.</summary>
    public JsonObject IntentObject(IntentDefinition? intent)
    {
        var slots = new JsonObject();
        foreach (var slot in intent?.Slots ?? [])
        {
            slots[slot.Name] = Slots[slot.Name]?.DeepClone();
        }

        foreach (var (name, value) in Slots)
        {
            if (!slots.ContainsKey(name))
            {
                slots[name] = value?.DeepClone();
            }
        }

        return new JsonObject
        {
            ["name"] = IntentName,
            ["slots"] = slots,
            ["state"] = IntentState,
            ["confirmationState"] = ConfirmationState,
        };
    }
}

internal static class Attributes
{
    public static JsonObject ToJson(IReadOnlyDictionary<string, string> attributes)
    {
        var json = new JsonObject();
        foreach (var (key, value) in attributes)
        {
            json[key] = value;
        }

        return json;
    }
}
