using System.Text.Json;
using System.Text.Json.Nodes;
using IvrEmulators.Lex;

namespace IvrEmulators.Contracts;

/// <summary>
/// What Lex accepts from a code hook (https://docs.aws.amazon.com/lexv2/latest/dg/lambda-response-format.html and
/// https://docs.aws.amazon.com/lexv2/latest/dg/lambda-common-structures.html): one checker for the Lex emulator (code
/// hook responses and PutSession) and for the tests. Lex's parser is strict; where the docs give no rule (unknown slot
/// names, number-typed attributes) the stricter reading is taken. Without the bot's locale, the intent's own slots map
/// stands for its definition.
/// </summary>
public static class LexCodeHookContract
{
    /// <summary>"messages ... Maximum number of 10 items"; content 1-1024 characters (runtime Message shape).</summary>
    public const int MaxMessages = 10;

    public const int MaxMessageContent = 1024;

    public static readonly IReadOnlySet<string> DialogActionTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "Close", "ConfirmIntent", "Delegate", "ElicitIntent", "ElicitSlot",
    };

    public static readonly IReadOnlySet<string> IntentStates = new HashSet<string>(StringComparer.Ordinal)
    {
        "Failed", "Fulfilled", "FulfillmentInProgress", "InProgress", "ReadyForFulfillment", "Waiting",
    };

    private static readonly HashSet<string> ConfirmationStates = new(StringComparer.Ordinal) { "Confirmed", "Denied", "None" };

    private static readonly HashSet<string> ContentTypes = new(StringComparer.Ordinal) { "CustomPayload", "ImageResponseCard", "PlainText", "SSML" };

    // Close: "intent.state ... Failed, Fulfilled, InProgress" (lambda-response-format, required fields per dialog action).
    private static readonly HashSet<string> CloseStates = new(StringComparer.Ordinal) { "Failed", "Fulfilled", "InProgress" };

    /// <summary><see cref="Check"/> on a JSON document, without the bot.</summary>
    public static IReadOnlyList<string> Check(JsonElement response) => Check(JsonNode.Parse(response.GetRawText()));

    /// <summary>
    /// Every rule the response breaks; empty when Lex would accept it (<paramref name="locale"/>: the bot's intents and
    /// slots; null checks the response by itself). PutSession requests follow the same rules except
    /// that their messages are optional (<paramref name="messagesOptional"/>).
    /// </summary>
    public static IReadOnlyList<string> Check(JsonNode? response, BotLocale? locale = null, bool messagesOptional = false)
    {
        var errors = new List<string>();
        if (response is not JsonObject root)
        {
            return ["the response is not a JSON object"];
        }

        // "sessionState ... This field is always required."
        if (root["sessionState"] is not JsonObject state)
        {
            return ["sessionState is required"];
        }

        var type = state["dialogAction"]?["type"] is JsonValue t && t.GetValueKind() == JsonValueKind.String ? t.GetValue<string>() : null;
        if (state["dialogAction"] is not JsonObject)
        {
            errors.Add("sessionState.dialogAction is required");
        }
        else if (type is null || !DialogActionTypes.Contains(type))
        {
            errors.Add($"dialogAction.type '{state["dialogAction"]?["type"]}' is not one of {string.Join(", ", DialogActionTypes)}");
        }

        CheckAttributes(state["sessionAttributes"], errors);
        var intent = state["intent"] as JsonObject;
        var intentName = intent?["name"] is JsonValue n && n.GetValueKind() == JsonValueKind.String ? n.GetValue<string>() : null;
        // "intent – ... Not required when dialogAction.type is Delegate or ElicitIntent" (archived lambda.md).
        if (type is "Close" or "ConfirmIntent" or "ElicitSlot" && intentName is null)
        {
            errors.Add($"{type} requires sessionState.intent.name");
        }

        var definition = locale?.Intent(intentName);
        if (locale is not null && intentName is not null && definition is null)
        {
            errors.Add($"intent '{intentName}' is not an intent of the bot");
        }

        if (intent is not null)
        {
            CheckIntent(intent, definition, errors);
        }

        if (type == "ElicitSlot")
        {
            var slot = state["dialogAction"]?["slotToElicit"] is JsonValue s && s.GetValueKind() == JsonValueKind.String ? s.GetValue<string>() : null;
            if (slot is null)
            {
                errors.Add("ElicitSlot requires dialogAction.slotToElicit");
            }
            else if (definition is not null ? definition.Slot(slot) is null : locale is null && (intent?["slots"] is not JsonObject own || !own.ContainsKey(slot)))
            {
                errors.Add($"slotToElicit '{slot}' is not a slot of intent '{intentName}'");
            }
        }

        if (type == "Close" && (intent?["state"] is not JsonValue cs || cs.GetValueKind() != JsonValueKind.String || !CloseStates.Contains(cs.GetValue<string>())))
        {
            errors.Add("Close requires intent.state Failed, Fulfilled or InProgress");
        }

        CheckMessages(root["messages"], messagesOptional ? null : type, errors);
        return errors;
    }

    private static void CheckAttributes(JsonNode? attributes, List<string> errors)
    {
        if (attributes is null)
        {
            return;
        }

        if (attributes is not JsonObject map)
        {
            errors.Add("sessionAttributes must be a map of strings");
            return;
        }

        // Session attributes are a string-to-string map (lambda-common-structures); a number or boolean is rejected.
        foreach (var (key, value) in map)
        {
            if (value is not JsonValue v || v.GetValueKind() != JsonValueKind.String)
            {
                errors.Add($"session attribute '{key}' is {value?.GetValueKind().ToString() ?? "null"}, not a string");
            }
        }
    }

    private static void CheckIntent(JsonObject intent, IntentDefinition? definition, List<string> errors)
    {
        if (intent["state"] is { } state && (state is not JsonValue sv || sv.GetValueKind() != JsonValueKind.String || !IntentStates.Contains(sv.GetValue<string>())))
        {
            errors.Add($"intent.state '{state.ToJsonString()}' is not a Lex intent state");
        }

        if (intent["confirmationState"] is { } confirmation
            && (confirmation is not JsonValue cv || cv.GetValueKind() != JsonValueKind.String || !ConfirmationStates.Contains(cv.GetValue<string>())))
        {
            errors.Add($"intent.confirmationState '{confirmation.ToJsonString()}' is not Confirmed, Denied or None");
        }

        if (intent["slots"] is null)
        {
            return;
        }

        if (intent["slots"] is not JsonObject slots)
        {
            errors.Add("intent.slots must be a map");
            return;
        }

        foreach (var (name, slot) in slots)
        {
            if (definition is not null && definition.Slot(name) is null)
            {
                errors.Add($"slot '{name}' is not a slot of intent '{definition.Name}'");
            }

            if (slot is null)
            {
                continue;
            }

            // Slot.value.interpretedValue is required in the runtime model's Value shape.
            if (slot["value"] is not JsonObject value || value["interpretedValue"] is not JsonValue iv || iv.GetValueKind() != JsonValueKind.String)
            {
                errors.Add($"slot '{name}' must be null or carry value.interpretedValue as a string");
            }
        }
    }

    private static void CheckMessages(JsonNode? messages, string? type, List<string> errors)
    {
        var list = messages as JsonArray;
        if (messages is not null && list is null)
        {
            errors.Add("messages must be a list");
            return;
        }

        // "The messages field is required if dialogAction.type is ElicitIntent or ConfirmIntent."
        if (type is "ElicitIntent" or "ConfirmIntent" && (list is null || list.Count == 0))
        {
            errors.Add($"{type} requires at least one message");
        }

        if (list is null)
        {
            return;
        }

        // Runtime Message shape: at most 10 messages, content 1-1024 characters.
        if (list.Count > MaxMessages)
        {
            errors.Add($"{list.Count} messages, at most {MaxMessages} allowed");
        }

        foreach (var message in list)
        {
            var contentType = message?["contentType"] is JsonValue c && c.GetValueKind() == JsonValueKind.String ? c.GetValue<string>() : null;
            if (contentType is null || !ContentTypes.Contains(contentType))
            {
                errors.Add($"message contentType '{message?["contentType"]}' is not one of {string.Join(", ", ContentTypes)}");
                continue;
            }

            if (contentType != "ImageResponseCard"
                && (message!["content"] is not JsonValue content || content.GetValueKind() != JsonValueKind.String || content.GetValue<string>().Length is < 1 or > MaxMessageContent))
            {
                errors.Add("message content must be 1 to 1024 characters");
            }
        }
    }
}
