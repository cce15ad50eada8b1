using System.Text.Json.Nodes;
using IvrEmulators.Contracts;

namespace IvrEmulators.Lex;

/// <summary>
/// The conversation's code hook half: the Lambda input event (lambda-input-format), the response checked against
/// <see cref="LexCodeHookContract"/>, and the dialog action it returns applied to the session.
/// </summary>
internal sealed partial class BotConversation
{
    private bool HookOn(bool intentSetting) => intentSetting && locale.CodeHookEnabled;

    private async Task<BotConversationResult?> InvokeAsync(string invocationSource, JsonObject? proposed, CancellationToken cancellationToken)
    {
        var request = Event(invocationSource, proposed);
        caller.Elapse(lex.Options.CodeHookLatencyMs);
        JsonObject response;
        try
        {
            response = await lex.CodeHook(request, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // Any transport failure is the Lambda failing, which the conversation must survive.
        catch (Exception e)
#pragma warning restore CA1031
        {
            caller.Record("lex-hook", request, new JsonObject { ["error"] = e.Message });
            caller.Violation($"the code hook failed ({invocationSource}): {e.Message}");
            // A failing Lambda: ACTION_FAILED, or Lex's failure path (DocReadings.FailingCodeHook).
            return HookFailed();
        }

        caller.Record("lex-hook", request, response);
        var errors = LexCodeHookContract.Check(response, locale);
        if (errors.Count > 0)
        {
            // Lex rejects an invalid response (DependencyFailedException for RecognizeText callers); through Chime the
            // conversation cannot go on (UNFRIENDLY: ACTION_FAILED SystemException).
            caller.Violation($"invalid code hook response to {invocationSource}: {string.Join("; ", errors)}");
            return Failed("SystemException", "Invalid Lambda Response: " + string.Join("; ", errors));
        }

        return await ApplyAsync(response, invocationSource, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The dialog action a code hook returned (https://docs.aws.amazon.com/lexv2/latest/dg/lambda-response-format.html).
    /// The response's sessionState is the new state: attributes left out are gone.
    /// </summary>
    private async Task<BotConversationResult?> ApplyAsync(JsonObject response, string invocationSource, CancellationToken cancellationToken)
    {
        var state = (JsonObject)response["sessionState"]!;
        var type = LexRuntimeEmulator.Text(state["dialogAction"]!["type"])!;
        var messages = LexRuntimeEmulator.Contents(response["messages"]);
        session.Attributes = LexRuntimeEmulator.ReadAttributes(state["sessionAttributes"]);
        session.ActiveContexts = state["activeContexts"] is JsonArray contexts ? (JsonArray)contexts.DeepClone() : [];
        if (state["intent"] is JsonObject intent)
        {
            var name = LexRuntimeEmulator.Text(intent["name"]);
            if (name is not null && name != session.IntentName)
            {
                // ElicitSlot (or any action) naming another intent switches to it.
                session.IntentName = name;
                session.ConfirmationState = "None";
            }

            session.Slots = intent["slots"] is JsonObject slots ? (JsonObject)slots.DeepClone() : [];
            session.IntentState = LexRuntimeEmulator.Text(intent["state"]) ?? session.IntentState;
            session.ConfirmationState = LexRuntimeEmulator.Text(intent["confirmationState"]) ?? session.ConfirmationState;
        }

        // The same slot asked again keeps counting its attempts under LambdaElicitSlot.Counted.
        var sameSlot = type == "ElicitSlot" && session.DialogActionType == "ElicitSlot"
            && LexRuntimeEmulator.Text(state["dialogAction"]!["slotToElicit"]) == session.SlotToElicit;
        var keepAttempt = sameSlot && Readings.LambdaElicitSlot == LambdaElicitSlot.Counted;
        session.Attempt = keepAttempt ? session.Attempt : 0;
        switch (type)
        {
            case "Close":
                // Close: "Indicates that there will not be a response from the user"; the conversation ends with the
                // intent state the code hook set.
                Say(messages, asksQuestion: false);
                return Close(session.IntentState);

            case "ElicitSlot":
                // "If you don't supply messages, Amazon Lex V2 uses the appropriate message defined when the bot was
                // created": the slot's prompt.
                var slot = Intent!.Slot(LexRuntimeEmulator.Text(state["dialogAction"]!["slotToElicit"]))!;
                session.IntentState = "InProgress";
                Elicit(slot, messages, keepAttempt);
                return null;

            case "ConfirmIntent":
                session.DialogActionType = "ConfirmIntent";
                session.SlotToElicit = null;
                session.ConfirmationState = "None";
                session.IntentState = "InProgress";
                session.ConfirmationPrompts = messages;
                Say(messages, asksQuestion: true);
                return null;

            case "ElicitIntent":
                session.DialogActionType = "ElicitIntent";
                session.SlotToElicit = null;
                session.IntentName = null;
                session.Slots = [];
                Say(messages, asksQuestion: true);
                return null;

            default:
                // Delegate: "Amazon Lex V2 determines the next action". Code hook failure path
                // (https://docs.aws.amazon.com/lexv2/latest/dg/paths-code-hook.html): intent state Failed is a failure;
                // UNFRIENDLY: with no failure step declared the conversation ends Failed.
                Say(messages, asksQuestion: false);
                if (session.IntentState == "Failed")
                {
                    return Close("Failed");
                }

                if (invocationSource == "FulfillmentCodeHook")
                {
                    return Close(session.IntentState is "InProgress" or "ReadyForFulfillment" ? "Fulfilled" : session.IntentState);
                }

                if (session.IntentState == "ReadyForFulfillment")
                {
                    return await FulfillAsync(cancellationToken).ConfigureAwait(false);
                }

                if (Intent?.ParentSignature == "AMAZON.FallbackIntent")
                {
                    return await FulfillAsync(cancellationToken).ConfigureAwait(false);
                }

                return await LexNextStepAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A code hook that failed: ACTION_FAILED (the Chime page does not say), or Lex's documented failure path
    /// (https://docs.aws.amazon.com/lexv2/latest/dg/paths-code-hook.html): the capture hook's failure response and
    /// next step, by default the intent ends Failed.
    /// </summary>
    private BotConversationResult? HookFailed()
    {
        if (Readings.FailingCodeHook == FailingCodeHook.ActionFailed)
        {
            return Failed("SystemException", "The bot's code hook failed.");
        }

        var slot = Intent?.Slot(session.SlotToElicit) ?? Intent?.Slots.FirstOrDefault();
        Say(slot?.HookFailureMessages ?? [], asksQuestion: false);
        if (slot is not null && slot.HookFailureNextStep == "ElicitSlot")
        {
            Elicit(slot, []);
            return null;
        }

        return Close("Failed");
    }

    /// <summary>The Lambda input event (https://docs.aws.amazon.com/lexv2/latest/dg/lambda-input-format.html).</summary>
    private JsonObject Event(string invocationSource, JsonObject? proposed)
    {
        var intent = Intent;
        var current = session.IntentObject(intent);
        var interpretations = new JsonArray();
        var fallbackName = locale.Fallback.Name;
        var isFallback = session.IntentName == fallbackName;
        interpretations.Add(new JsonObject
        {
            ["intent"] = current,
            ["nluConfidence"] = isFallback ? null : 1.0,
            ["interpretationSource"] = "Lex",
        });
        if (!isFallback)
        {
            interpretations.Add(new JsonObject
            {
                ["intent"] = new JsonObject { ["name"] = fallbackName, ["slots"] = new JsonObject(), ["state"] = "InProgress", ["confirmationState"] = "None" },
                ["interpretationSource"] = "Lex",
            });
        }

        if (isFallback)
        {
            ((JsonObject)interpretations[0]!).Remove("nluConfidence");
        }

        var sessionState = session.ToSessionState(intent);
        sessionState["originatingRequestId"] = Guid.NewGuid().ToString();
        var request = new JsonObject
        {
            ["messageVersion"] = "1.0",
            ["invocationSource"] = invocationSource,
            ["inputMode"] = inputMode,
            // A voice conversation answers in audio; the exact value Chime's stream uses is undocumented.
            ["responseContentType"] = "audio/pcm",
            ["sessionId"] = session.SessionId,
            ["inputTranscript"] = inputTranscript,
            ["bot"] = new JsonObject
            {
                ["id"] = lex.Options.BotId,
                ["name"] = lex.Bot.Name,
                ["aliasId"] = lex.Options.BotAliasId,
                ["aliasName"] = lex.Bot.AliasName,
                ["localeId"] = locale.LocaleId,
                ["version"] = lex.Options.BotVersion,
            },
            ["interpretations"] = interpretations,
            // "requestAttributes ... null when there are none" is how captured events show it (lambda-input-format).
            ["requestAttributes"] = null,
            ["sessionState"] = sessionState,
        };
        // proposedNextState: only for a dialog code hook whose predicted next step is ElicitSlot (https://docs.aws.amazon.com/lexv2/latest/dg/lambda-input-format.html).
        if (proposed is not null && invocationSource == "DialogCodeHook")
        {
            request["proposedNextState"] = proposed;
        }

        if (inputMode == "Speech" && inputTranscript.Length > 0)
        {
            request["transcriptions"] = new JsonArray(new JsonObject
            {
                ["transcription"] = inputTranscript,
                ["transcriptionConfidence"] = 0.9,
                ["resolvedContext"] = new JsonObject { ["intent"] = session.IntentName },
                ["resolvedSlots"] = new JsonObject(),
            });
        }

        return request;
    }

    private JsonObject Proposed(string type, string slot) => new()
    {
        ["dialogAction"] = new JsonObject { ["type"] = type, ["slotToElicit"] = slot },
        ["intent"] = session.IntentObject(Intent),
        ["prompt"] = new JsonObject { ["attempt"] = session.Attempt == 0 ? "Initial" : $"Retry{session.Attempt}" },
    };
}
