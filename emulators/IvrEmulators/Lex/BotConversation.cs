using System.Text.Json.Nodes;
using IvrEmulators.Contracts;

namespace IvrEmulators.Lex;

/// <summary>
/// One streaming conversation: Lex V2's dialog rules applied to the bot definition, turn by turn. Each rule cites the
/// page it follows; "UNFRIENDLY" marks a reading taken where the docs are silent, chosen to be the worse one for the
/// caller so the product must cope with it.
/// </summary>
internal sealed partial class BotConversation(LexRuntimeEmulator lex, BotLocale locale, LexSession session, ICallerLine caller)
{
    // No StartTimeoutMs declared (e.g. while eliciting an intent): the docs give no default for a streaming
    // conversation; the deployed bot's slot value is used.
    private const int DefaultStartTimeoutMs = 4000;

    // Chime: "If you don't prompt customers to end their input with the pound key, Lex stops waiting for additional
    // key presses after 5 seconds." (https://docs.aws.amazon.com/chime-sdk/latest/dg/start-bot-conversation.html)
    // The same defaults as the session attributes' (https://docs.aws.amazon.com/lexv2/latest/dg/session-attribs-speech.html).
    private static readonly DtmfSettings DefaultDtmf = new(1024, "#", "*", 5000);

    private const int KeyPressMs = 250;

    private const int MaxTurns = 60;

    private string inputTranscript = "";
    private string inputMode = "Speech";
    private bool silent;

    private DocReadings Readings => lex.Options.Readings;

    private IntentDefinition? Intent => locale.Intent(session.IntentName);

    public async Task<BotConversationResult> RunAsync(JsonObject? configuration, CancellationToken cancellationToken)
    {
        var start = Configure(configuration);
        if (start is not null)
        {
            return start;
        }

        for (var turn = 0; turn < MaxTurns; turn++)
        {
            var input = caller.Listen(Settings());
            if (input is CallerInput.HangUp)
            {
                return new BotConversationResult(BotConversationStatus.CallerHungUp, null);
            }

            var transcript = Transcript(input);
            var outcome = session.DialogActionType switch
            {
                "ElicitSlot" => await SlotAnswerAsync(transcript, cancellationToken).ConfigureAwait(false),
                "ConfirmIntent" => await ConfirmationAnswerAsync(transcript, cancellationToken).ConfigureAwait(false),
                _ => await IntentAnswerAsync(transcript, cancellationToken).ConfigureAwait(false),
            };
            if (outcome is not null)
            {
                return outcome;
            }
        }

        caller.Violation($"the bot conversation did not end within {MaxTurns} caller turns");
        return Failed("SystemException", "The bot conversation did not end.");
    }

    /// <summary>StartBotConversation's Configuration; null to go on listening, or a failure.</summary>
    private BotConversationResult? Configure(JsonObject? configuration)
    {
        var state = configuration?["SessionState"] as JsonObject;
        var type = LexRuntimeEmulator.Text(state?["DialogAction"]?["Type"]);
        var welcome = configuration?["WelcomeMessages"] as JsonArray;

        // The Configuration's rules are the SMA contract's (StartBotConversation); a breach fails the action.
        if (SmaContract.BotConfigurationProblem(configuration) is { } problem)
        {
            return Failed(problem.ErrorType, problem.Message);
        }

        // SessionAttributes given here replace or merge over those a PutSession stored (the page does not say which).
        if (state?["SessionAttributes"] is JsonObject attributes)
        {
            var given = LexRuntimeEmulator.ReadAttributes(attributes);
            if (Readings.ConfigurationAttributes == ConfigurationAttributes.Merge)
            {
                foreach (var (key, value) in given)
                {
                    session.Attributes[key] = value;
                }
            }
            else
            {
                session.Attributes = given;
            }
        }

        if (type == "ElicitIntent")
        {
            // ElicitIntent: "The next action elicits an intent from the user." It overrides a preloaded intent.
            session.DialogActionType = "ElicitIntent";
            session.IntentName = null;
            session.Slots = [];
            session.Attempt = 0;
            foreach (var message in welcome ?? [])
            {
                // "users can interrupt the bot and answer a question before the audio prompt finishes" (start-bot-conversation.html).
                caller.Hear(LexRuntimeEmulator.Text(message!["Content"])!, "bot", asksQuestion: true, canInterrupt: true);
            }
        }
        else if (Readings.PreloadedPrompt == PreloadedPrompt.Spoken && session.DialogActionType is "ElicitSlot" or "ConfirmIntent")
        {
            var slot = Intent?.Slot(session.SlotToElicit);
            Say(session.PutSessionMessages.Count > 0 ? session.PutSessionMessages : slot?.Prompts ?? session.ConfirmationPrompts, asksQuestion: true, slot?.AllowInterrupt ?? true);
        }

        // Delegate or no dialog action: "The bot waits for the user to provide input before responding."
        // (start-bot-conversation.html) Whether a PutSession-preloaded ElicitSlot or ConfirmIntent prompt is spoken then
        // is not said (PutSession returns it to its caller): DocReadings.PreloadedPrompt.
        return null;
    }

    private ListenSettings Settings()
    {
        var attempt = AttemptSettings();
        return new ListenSettings(attempt?.StartTimeoutMs ?? DefaultStartTimeoutMs, attempt?.AllowAudio ?? true, attempt?.AllowDtmf ?? true);
    }

    /// <summary>PromptAttemptsSpecification for the current attempt of the slot being elicited (Initial, Retry1, ...).</summary>
    private PromptAttempt? AttemptSettings()
    {
        if (session.DialogActionType != "ElicitSlot" || Intent?.Slot(session.SlotToElicit) is not { } slot)
        {
            return null;
        }

        var name = session.Attempt == 0 ? "Initial" : $"Retry{session.Attempt}";
        // UNFRIENDLY: an attempt without its own settings uses Initial's.
        return slot.Attempts.GetValueOrDefault(name) ?? slot.Attempts.GetValueOrDefault("Initial");
    }

    /// <summary>
    /// The DTMF settings for this turn. Session attributes x-amz-lex:dtmf:&lt;behavior&gt;:&lt;intent&gt;:&lt;slot&gt; set them; "*" as
    /// intent or slot name is the default for all, and "Any intent- or slot-specific settings take precedence over
    /// default settings" (https://docs.aws.amazon.com/lexv2/latest/dg/session-attribs-speech.html). Then the slot's
    /// DTMFSpecification, then the page's defaults (max-length 1024, end-character #, deletion-character *,
    /// end-timeout-ms 5000). While eliciting an intent there is no intent or slot name, so only "*:*" applies.
    /// </summary>
    private DtmfSettings Dtmf()
    {
        var declared = AttemptSettings()?.Dtmf ?? DefaultDtmf;
        return new DtmfSettings(
            DtmfNumber("max-length", 1, 1024) ?? declared.MaxLength,
            DtmfAttribute("end-character") is [var end] ? end.ToString() : declared.EndCharacter,
            DtmfAttribute("deletion-character") is [var deletion] ? deletion.ToString() : declared.DeletionCharacter,
            DtmfNumber("end-timeout-ms", 1, int.MaxValue) ?? declared.EndTimeoutMs);
    }

    private int? DtmfNumber(string behavior, int min, int max) =>
        int.TryParse(DtmfAttribute(behavior), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)
            && value >= min && value <= max ? value : null;

    private string? DtmfAttribute(string behavior)
    {
        var intent = session.IntentName ?? "*";
        var slot = session.DialogActionType == "ElicitSlot" ? session.SlotToElicit ?? "*" : "*";
        string[] keys = [$"{intent}:{slot}", $"{intent}:*", $"*:{slot}", "*:*"];
        return keys.Select(k => session.Attributes.GetValueOrDefault($"x-amz-lex:dtmf:{behavior}:{k}")).FirstOrDefault(v => v is not null);
    }

    /// <summary>What the bot understood from the input; empty for no usable input.</summary>
    private string Transcript(CallerInput input)
    {
        var allowed = Settings();
        silent = input is CallerInput.Silence;
        switch (input)
        {
            case CallerInput.Say say when allowed.AllowSpeech:
                inputMode = "Speech";
                inputTranscript = say.Text;
                return say.Text;
            case CallerInput.Keys keys when allowed.AllowDtmf:
                inputMode = "DTMF";
                inputTranscript = Digits(keys.Digits, Dtmf());
                return inputTranscript;
            default:
                // Silence, or an input type the attempt does not allow (AllowedInputTypes): no input.
                inputMode = input is CallerInput.Keys ? "DTMF" : "Speech";
                inputTranscript = "";
                return "";
        }
    }

    /// <summary>
    /// DTMFSpecification (https://docs.aws.amazon.com/lexv2/latest/APIReference/API_DTMFSpecification.html):
    /// endCharacter "immediately ends input. If the user does not press this character, the input ends after the end
    /// timeout"; deletionCharacter "clears the accumulated DTMF digits and immediately ends the input"; maxLength "The
    /// maximum number of DTMF digits allowed in an utterance" (UNFRIENDLY: input ends at maxLength, later keys are lost).
    /// </summary>
    private string Digits(string pressed, DtmfSettings dtmf)
    {
        var digits = "";
        foreach (var key in pressed)
        {
            caller.Elapse(KeyPressMs);
            if (key.ToString() == dtmf.DeletionCharacter)
            {
                return "";
            }

            if (key.ToString() == dtmf.EndCharacter)
            {
                return digits;
            }

            digits += key;
            if (digits.Length >= dtmf.MaxLength)
            {
                return digits;
            }
        }

        caller.Elapse(dtmf.EndTimeoutMs);
        return digits;
    }

    // ---------------------------------------------------------------- answers to an elicitation

    private async Task<BotConversationResult?> SlotAnswerAsync(string transcript, CancellationToken cancellationToken)
    {
        var intent = Intent;
        var slot = intent?.Slot(session.SlotToElicit);
        if (intent is null || slot is null)
        {
            return await IntentAnswerAsync(transcript, cancellationToken).ConfigureAwait(false);
        }

        var phrase = inputMode == "DTMF" ? transcript : SimpleNlu.SlotPhrase(intent, slot, transcript);
        var value = SimpleNlu.Capture(locale, slot, phrase, inputMode == "DTMF");
        if (value is null)
        {
            session.Attempt++;
            if (Readings.Silence == SilenceHandling.LexReprompts && silent)
            {
                // Lex handles no input by itself: the slot's prompt again, then FallbackIntent.
                return await RepromptOrFallBackAsync(slot, cancellationToken).ConfigureAwait(false);
            }

            if (Readings.LambdaElicitSlot == LambdaElicitSlot.Counted && session.Attempt > slot.MaxRetries)
            {
                // The code hook's re-asks counted: the retries are used up whatever the hook would say.
                return await FallbackAsync(cancellationToken).ConfigureAwait(false);
            }

            // SlotCaptureSetting.elicitationCodeHook "Code hook called when Amazon Lex doesn't capture a slot value."
            // (https://docs.aws.amazon.com/lexv2/latest/APIReference/API_SlotCaptureSetting.html) Without it Lex
            // re-prompts by itself: the code hook never sees the failed turn.
            if (slot.ElicitationCodeHook && HookOn(intent.DialogCodeHook))
            {
                return await InvokeAsync("DialogCodeHook", proposed: Proposed("ElicitSlot", slot.Name), cancellationToken).ConfigureAwait(false);
            }

            // PromptSpecification.maxRetries: "The maximum number of times the bot tries to elicit a response from the
            // user using this prompt" (https://docs.aws.amazon.com/lexv2/latest/APIReference/API_PromptSpecification.html);
            // after that "An intent doesn't recognize the user input as a slot value after the configured number of
            // tries" invokes the fallback intent (https://docs.aws.amazon.com/lexv2/latest/dg/built-in-intent-fallback.html).
            return await RepromptOrFallBackAsync(slot, cancellationToken).ConfigureAwait(false);
        }

        session.Slots[slot.Name] = value;
        session.Attempt = 0;
        // SlotCaptureSetting.codeHook "Code hook called after Amazon Lex successfully captures a slot value"; when the
        // bot declares none, the intent's dialog code hook runs after the input ("When the source is DialogCodeHook,
        // the Lambda function was called after input from the user": lambda-input-format). A declared hook without
        // a declared captureNextStep: DocReadings.UndeclaredNextStep.
        if (HookOn(slot.CaptureCodeHook ?? intent.DialogCodeHook) && StepRunsHook(slot.CaptureCodeHook is null ? "InvokeDialogCodeHook" : slot.CaptureNextStep))
        {
            var next = NextMissingSlot(intent);
            return await InvokeAsync("DialogCodeHook", next is null ? null : Proposed("ElicitSlot", next.Name), cancellationToken).ConfigureAwait(false);
        }

        return await LexNextStepAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// PromptSpecification.maxRetries: "The maximum number of times the bot tries to elicit a response from the user
    /// using this prompt" (https://docs.aws.amazon.com/lexv2/latest/APIReference/API_PromptSpecification.html); after
    /// that "An intent doesn't recognize the user input as a slot value after the configured number of tries" invokes
    /// the fallback intent (https://docs.aws.amazon.com/lexv2/latest/dg/built-in-intent-fallback.html).
    /// </summary>
    private async Task<BotConversationResult?> RepromptOrFallBackAsync(SlotDefinition slot, CancellationToken cancellationToken)
    {
        if (session.Attempt <= slot.MaxRetries)
        {
            Say(slot.Prompts, asksQuestion: true, slot.AllowInterrupt);
            return null;
        }

        return await FallbackAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether a declared next step (null: none declared) runs the dialog code hook.</summary>
    private bool StepRunsHook(string? declared) =>
        declared == "InvokeDialogCodeHook" || (declared is null && Readings.UndeclaredNextStep == UndeclaredNextStep.CodeHookRuns);

    private async Task<BotConversationResult?> ConfirmationAnswerAsync(string transcript, CancellationToken cancellationToken)
    {
        var intent = Intent;
        var answer = inputMode == "Speech" ? SimpleNlu.Confirmation(transcript, locale.LocaleId) : null;
        var setting = intent?.Confirmation;
        if (answer is null)
        {
            session.Attempt++;
            if (setting is { ElicitationCodeHook: true } && HookOn(true))
            {
                return await InvokeAsync("DialogCodeHook", null, cancellationToken).ConfigureAwait(false);
            }

            // UNFRIENDLY: a Lambda-issued ConfirmIntent on an intent without IntentConfirmationSetting has no retries.
            if (session.Attempt <= (setting?.MaxRetries ?? 0))
            {
                Say(session.ConfirmationPrompts, asksQuestion: true, setting?.AllowInterrupt ?? true);
                return null;
            }

            // "An intent doesn't recognize the user input as a response to a confirmation prompt after the configured
            // number of tries" → fallback intent (built-in-intent-fallback.html).
            return await FallbackAsync(cancellationToken).ConfigureAwait(false);
        }

        session.ConfirmationState = answer;
        session.Attempt = 0;
        if (setting is { IsActive: true, CodeHook: true } && HookOn(true)
            && StepRunsHook(answer == "Confirmed" ? setting.ConfirmationNextStep : setting.DeclinationNextStep))
        {
            // IntentConfirmationSetting.codeHook: the dialog code hook runs after yes/no
            // (https://docs.aws.amazon.com/lexv2/latest/APIReference/API_IntentConfirmationSetting.html).
            return await InvokeAsync("DialogCodeHook", null, cancellationToken).ConfigureAwait(false);
        }

        if (setting is null)
        {
            // No confirmation step declared: "If you don't specify a confirmation prompt, Amazon Lex V2 moves to the
            // fulfillment step" (https://docs.aws.amazon.com/lexv2/latest/dg/intent-confirm.html) — for yes and for no;
            // the dialog code hook is not asked again (UNFRIENDLY for Denied).
            return await FulfillAsync(cancellationToken).ConfigureAwait(false);
        }

        if (answer == "Confirmed")
        {
            // "In the absence of a condition or an explicit next step, Amazon Lex V2 moves to the fulfillment step."
            return await FulfillAsync(cancellationToken).ConfigureAwait(false);
        }

        // Declined: "Amazon Lex responds with this response to acknowledge that the intent was canceled"
        // (API_IntentConfirmationSetting.declinationResponse); UNFRIENDLY: the intent ends Failed.
        Say(setting.DeclinationMessages, asksQuestion: false);
        return Close("Failed");
    }

    private async Task<BotConversationResult?> IntentAnswerAsync(string transcript, CancellationToken cancellationToken)
    {
        var match = transcript.Length == 0 ? null : SimpleNlu.Classify(locale, transcript);
        if (match is null)
        {
            // "Amazon Lex V2 matches the fallback intent ... The user's input to an intent doesn't match the input that
            // the bot expects" (built-in-intent-fallback.html). No input counts as such input (UNFRIENDLY).
            return await FallbackAsync(cancellationToken).ConfigureAwait(false);
        }

        var (intent, phrases) = match.Value;
        session.IntentName = intent.Name;
        session.Slots = [];
        foreach (var slot in intent.Slots)
        {
            session.Slots[slot.Name] = phrases.TryGetValue(slot.Name, out var phrase) ? SimpleNlu.Capture(locale, slot, phrase, dtmf: false) : null;
        }

        session.IntentState = "InProgress";
        session.ConfirmationState = "None";
        session.Attempt = 0;
        if (HookOn(intent.DialogCodeHook))
        {
            var next = NextMissingSlot(intent);
            return await InvokeAsync("DialogCodeHook", next is null ? null : Proposed("ElicitSlot", next.Name), cancellationToken).ConfigureAwait(false);
        }

        return await LexNextStepAsync(cancellationToken).ConfigureAwait(false);
    }

    // ---------------------------------------------------------------- steps Lex takes by itself

    /// <summary>Delegate: the next unfilled required slot, then the declared confirmation, then fulfillment.</summary>
    private async Task<BotConversationResult?> LexNextStepAsync(CancellationToken cancellationToken)
    {
        var intent = Intent;
        if (intent is null)
        {
            session.DialogActionType = "ElicitIntent";
            return null;
        }

        if (NextMissingSlot(intent) is { } slot)
        {
            Elicit(slot, messages: []);
            return null;
        }

        if (intent.Confirmation is { IsActive: true } confirmation && session.ConfirmationState == "None")
        {
            session.DialogActionType = "ConfirmIntent";
            session.ConfirmationPrompts = confirmation.Prompts;
            session.Attempt = 0;
            Say(confirmation.Prompts, asksQuestion: true, confirmation.AllowInterrupt);
            return null;
        }

        return await FulfillAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Fulfillment: "When the source is FulfillmentCodeHook the Lambda function was called after all required slots
    /// have been filled and the intent is ready for fulfillment" (lambda-input-format). Without a fulfillment code hook
    /// the intent returns to the client ReadyForFulfillment (Chime's IntentResult State "ReadyForFulfillment – The
    /// information for the intent is present, and your Lambda function can fulfill the intent").
    /// </summary>
    private async Task<BotConversationResult?> FulfillAsync(CancellationToken cancellationToken)
    {
        session.IntentState = "ReadyForFulfillment";
        if (Intent is { FulfillmentCodeHook: true } && HookOn(true))
        {
            return await InvokeAsync("FulfillmentCodeHook", null, cancellationToken).ConfigureAwait(false);
        }

        Say(Intent?.ClosingMessages ?? [], asksQuestion: false);
        return Close("ReadyForFulfillment");
    }

    /// <summary>
    /// AMAZON.FallbackIntent: "When a fallback intent is invoked, the response depends on the setting of the
    /// fulfillmentCodeHook parameter ... Calls the aliases's validation and fulfillment Lambda function"
    /// (https://docs.aws.amazon.com/lexv2/latest/dg/built-in-intent-fallback.html). So the fallback intent reaches the
    /// code hook as FulfillmentCodeHook; a dialog code hook runs first only if the bot declares one on it.
    /// </summary>
    private async Task<BotConversationResult?> FallbackAsync(CancellationToken cancellationToken)
    {
        var fallback = locale.Fallback;
        session.IntentName = fallback.Name;
        session.Slots = [];
        session.IntentState = "InProgress";
        session.ConfirmationState = "None";
        session.SlotToElicit = null;
        session.Attempt = 0;
        if (HookOn(fallback.DialogCodeHook))
        {
            return await InvokeAsync("DialogCodeHook", null, cancellationToken).ConfigureAwait(false);
        }

        return await FulfillAsync(cancellationToken).ConfigureAwait(false);
    }

    private SlotDefinition? NextMissingSlot(IntentDefinition intent) =>
        intent.Slots.FirstOrDefault(s => s.Required && session.Slots[s.Name] is null);

    private void Elicit(SlotDefinition slot, IReadOnlyList<string> messages, bool keepAttempt = false)
    {
        session.DialogActionType = "ElicitSlot";
        session.SlotToElicit = slot.Name;
        session.Attempt = keepAttempt ? session.Attempt : 0;
        // A code hook's messages: "By default, the user can interrupt any prompt" (interrupt-bot.html).
        Say(messages.Count > 0 ? messages : slot.Prompts, asksQuestion: true, messages.Count > 0 || slot.AllowInterrupt);
    }

    private void Say(IReadOnlyList<string> messages, bool asksQuestion, bool canInterrupt = true)
    {
        for (var i = 0; i < messages.Count; i++)
        {
            // Only the last message of an elicitation is the question; the ones before it lead up to it.
            caller.Hear(messages[i], "bot", asksQuestion && i == messages.Count - 1, canInterrupt);
        }
    }

    private BotConversationResult Close(string state)
    {
        session.IntentState = state;
        session.DialogActionType = "Close";
        return new BotConversationResult(BotConversationStatus.Succeeded, IntentResult());
    }

    private static BotConversationResult Failed(string errorType, string message) =>
        new(BotConversationStatus.Failed, null, errorType, message);

    /// <summary>
    /// ActionData.IntentResult as Chime reports it, PascalCase: SessionId, SessionState {SessionAttributes, Intent {Name,
    /// Slots, State, ConfirmationState}}, Interpretations [{NluConfidence {Score}, Intent}]; "If a slot has not been
    /// filled, the value is null." (https://docs.aws.amazon.com/chime-sdk/latest/dg/start-bot-conversation.html)
    /// </summary>
    private JsonObject IntentResult()
    {
        var intent = Pascal(session.IntentObject(Intent));
        var interpretations = new JsonArray(new JsonObject
        {
            ["NluConfidence"] = new JsonObject { ["Score"] = session.IntentName == locale.Fallback.Name ? 0.0 : 1.0 },
            ["Intent"] = intent.DeepClone(),
        });
        return new JsonObject
        {
            ["SessionId"] = session.SessionId,
            ["SessionState"] = new JsonObject
            {
                ["SessionAttributes"] = Attributes.ToJson(session.Attributes),
                ["Intent"] = intent,
            },
            ["Interpretations"] = interpretations,
        };
    }

    private static JsonObject Pascal(JsonObject intent)
    {
        var slots = new JsonObject();
        foreach (var (name, slot) in intent["slots"] as JsonObject ?? [])
        {
            var value = slot?["value"];
            slots[name] = slot is null ? null : new JsonObject
            {
                ["Value"] = value is null ? null : new JsonObject
                {
                    ["OriginalValue"] = value["originalValue"]?.DeepClone(),
                    ["InterpretedValue"] = value["interpretedValue"]?.DeepClone(),
                    ["ResolvedValues"] = value["resolvedValues"]?.DeepClone() ?? new JsonArray(),
                },
                ["Values"] = new JsonArray(),
            };
        }

        return new JsonObject
        {
            ["Name"] = intent["name"]?.DeepClone(),
            ["Slots"] = slots,
            ["State"] = intent["state"]?.DeepClone(),
            ["ConfirmationState"] = intent["confirmationState"]?.DeepClone(),
        };
    }
}
