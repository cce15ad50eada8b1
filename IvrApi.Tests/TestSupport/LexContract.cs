using System.Text.Json;

namespace IvrApi.Tests.TestSupport;

/// <summary>
/// The Lex V2 code hook response rules ("Required fields in the response", lambda-response-format), written
/// independently of the service: what each dialogAction type needs, the enum values, string-only session attributes,
/// and message limits.
/// </summary>
public static class LexContract
{
    public static IReadOnlyList<string> Problems(JsonElement response)
    {
        var problems = new List<string>();
        if (response.ValueKind != JsonValueKind.Object || !response.TryGetProperty("sessionState", out var state) || state.ValueKind != JsonValueKind.Object)
        {
            return ["sessionState is required"];
        }

        if (!state.TryGetProperty("dialogAction", out var dialog) || Str(dialog, "type") is not { } type)
        {
            return ["sessionState.dialogAction.type is required"];
        }

        var intent = state.TryGetProperty("intent", out var i) && i.ValueKind == JsonValueKind.Object ? i : (JsonElement?)null;
        var intentName = intent is { } named ? Str(named, "name") : null;
        var intentState = intent is { } stated ? Str(stated, "state") : null;
        var messages = response.TryGetProperty("messages", out var m) && m.ValueKind == JsonValueKind.Array ? m.EnumerateArray().ToArray() : [];

        switch (type)
        {
            case "Close":
                if (intentName is null || intentState is not ("Failed" or "Fulfilled" or "InProgress"))
                {
                    problems.Add("Close needs intent.name and intent.state Failed, Fulfilled or InProgress");
                }

                break;
            case "ElicitSlot":
                var slot = Str(dialog, "slotToElicit");
                if (slot is null || intentName is null)
                {
                    problems.Add("ElicitSlot needs slotToElicit and intent.name");
                }
                else if (intent is { } withSlots && (!withSlots.TryGetProperty("slots", out var slots) || !slots.TryGetProperty(slot, out _)))
                {
                    problems.Add($"ElicitSlot: '{slot}' is not a slot of intent '{intentName}'");
                }

                break;
            case "ConfirmIntent":
                if (intentName is null || messages.Length == 0)
                {
                    problems.Add("ConfirmIntent needs intent.name and a message");
                }

                break;
            case "ElicitIntent":
                if (messages.Length == 0)
                {
                    problems.Add("ElicitIntent needs a message");
                }

                break;
            case "Delegate":
                break;
            default:
                problems.Add($"dialogAction.type '{type}' is not a Lex dialog action");
                break;
        }

        if (intent is { } full)
        {
            if (intentState is not (null or "Failed" or "Fulfilled" or "FulfillmentInProgress" or "InProgress" or "ReadyForFulfillment"))
            {
                problems.Add($"intent.state '{intentState}' is not valid");
            }

            if (Str(full, "confirmationState") is not (null or "Confirmed" or "Denied" or "None"))
            {
                problems.Add("intent.confirmationState must be Confirmed, Denied or None");
            }
        }

        if (state.TryGetProperty("sessionAttributes", out var attributes) && attributes.ValueKind == JsonValueKind.Object
            && attributes.EnumerateObject().Any(a => a.Value.ValueKind != JsonValueKind.String))
        {
            problems.Add("sessionAttributes values must be strings");
        }

        if (messages.Length > 10)
        {
            problems.Add("more than 10 messages");
        }

        foreach (var message in messages)
        {
            if (Str(message, "contentType") is not ("PlainText" or "SSML" or "CustomPayload" or "ImageResponseCard"))
            {
                problems.Add("message contentType is not valid");
            }

            if (Str(message, "content") is not { Length: >= 1 and <= 1024 })
            {
                problems.Add("message content must be 1-1024 characters");
            }
        }

        return problems;
    }

    private static string? Str(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
