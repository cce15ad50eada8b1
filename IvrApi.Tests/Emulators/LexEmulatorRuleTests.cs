using System.Text.Json.Nodes;
using IvrApi.Tests.TestSupport;
using IvrEmulators;
using IvrEmulators.Lex;

namespace IvrApi.Tests.Emulators;

/// <summary>
/// The Lex V2 emulator against the synthesized bot, each rule driven by a code hook written here: the emulator must
/// behave as the cited AWS page says (or, where the page is silent, take the reading worse for the caller).
/// </summary>
public sealed class LexEmulatorRuleTests
{
    private const string Session = "3f1c2b7e-8a4d-4e2f-9b6a-5c7d8e9f0a1b";
    private const string Prompt = "Which department would you like?";

    // ------------------------------------------------------------------ bot definition

    [Fact]
    public async Task The_bot_is_read_from_the_synthesized_template()
    {
        var template = await SynthesizedBot.TemplateAsync();
        var locale = (await SynthesizedBot.DefinitionAsync()).Locale("en_US");

        var route = locale.Intent("RouteCall")!;
        route.DialogCodeHook.Should().BeTrue();
        route.FulfillmentCodeHook.Should().BeTrue();
        var slot = route.Slot("Department")!;
        slot.Required.Should().BeTrue();
        slot.MaxRetries.Should().Be(2);
        slot.Attempts["Initial"].Dtmf.Should().Be(new DtmfSettings(1, "#", "*", 3000));
        slot.ElicitationCodeHook.Should().BeTrue();
        slot.CaptureCodeHook.Should().BeTrue();
        route.Confirmation.Should().NotBeNull();
        route.Confirmation!.IsActive.Should().BeTrue();
        route.Confirmation.CodeHook.Should().BeTrue();
        locale.Fallback.Name.Should().Be("FallbackIntent");
        locale.Fallback.DialogCodeHook.Should().BeFalse();
        locale.CodeHookEnabled.Should().BeTrue("the alias 'live' declares the Lambda code hook");
        template.ToJsonString().Should().Contain(slot.Prompts[0], "the prompt is the template's, not a copy");
    }

    // ------------------------------------------------------------------ StartConversation configuration

    [Fact]
    public async Task Welcome_messages_without_ElicitIntent_fail_the_bot_action()
    {
        // "If you set the welcomeMessage field, you must set the DialogAction.Type value to ElicitIntent."
        // https://docs.aws.amazon.com/chime-sdk/latest/dg/start-bot-conversation.html
        var (lex, _) = await Emulator(_ => Close("Fulfilled"));
        var line = new FakeLine();

        var result = await lex.StartConversationAsync(Session, "en_US", Configuration("Delegate", "Hello"), line, default);

        result.Status.Should().Be(BotConversationStatus.Failed);
        result.ErrorType.Should().Be("InvalidActionParameter");
        line.Heard.Should().BeEmpty();
    }

    [Theory]
    [InlineData("ElicitSlot")]
    [InlineData("Close")]
    public async Task A_dialog_action_other_than_Delegate_or_ElicitIntent_fails_the_bot_action(string type)
    {
        // "Allowed values – Delegate | ElicitIntent" (start-bot-conversation.html)
        var (lex, _) = await Emulator(_ => Close("Fulfilled"));

        var result = await lex.StartConversationAsync(Session, "en_US", Configuration(type, null), new FakeLine(), default);

        result.ErrorType.Should().Be("InvalidActionParameter");
    }

    [Fact]
    public async Task ElicitIntent_speaks_the_welcome_messages_and_then_listens()
    {
        var (lex, hook) = await Emulator(_ => Close("Fulfilled"));
        var line = new FakeLine(new CallerInput.Say("history"));

        var result = await lex.StartConversationAsync(Session, "en_US", Configuration("ElicitIntent", "Welcome. Which department?"), line, default);

        line.Heard.Should().Equal("Welcome. Which department?");
        line.Questions.Should().Equal(true);
        hook.Events.Single()["inputTranscript"]!.GetValue<string>().Should().Be("history");
        result.Status.Should().Be(BotConversationStatus.Succeeded);
    }

    [Fact]
    public async Task A_preloaded_slot_elicitation_is_listened_for_but_its_prompt_is_not_spoken()
    {
        // "The bot waits for the user to provide input before responding." (start-bot-conversation.html)
        var (lex, hook) = await Emulator(_ => Close("Fulfilled"));
        PreloadElicitSlot(lex);
        var line = new FakeLine(new CallerInput.Say("art"));

        await lex.StartConversationAsync(Session, "en_US", Configuration(null, null), line, default);

        line.HeardBeforeFirstListen.Should().BeEmpty("nothing asks the preloaded question");
        hook.Events.Single()["sessionState"]!["intent"]!["slots"]!["Department"]!["value"]!["interpretedValue"]!.GetValue<string>().Should().Be("art");
    }

    [Fact]
    public async Task Session_attributes_of_the_configuration_replace_the_preloaded_ones()
    {
        var (lex, hook) = await Emulator(_ => Close("Fulfilled"));
        PreloadElicitSlot(lex, new JsonObject { ["preloaded"] = "yes" });
        var configuration = new JsonObject { ["SessionState"] = new JsonObject { ["SessionAttributes"] = new JsonObject { ["phoneNumber"] = "+15555550100" } } };

        await lex.StartConversationAsync(Session, "en_US", configuration, new FakeLine(new CallerInput.Say("art")), default);

        hook.Events.Single()["sessionState"]!["sessionAttributes"]!.AsObject().Select(a => a.Key).Should().Equal("phoneNumber");
    }

    // ------------------------------------------------------------------ slot elicitation

    [Fact]
    public async Task A_captured_slot_reaches_the_dialog_code_hook_in_the_documented_event_format()
    {
        // https://docs.aws.amazon.com/lexv2/latest/dg/lambda-input-format.html
        var (lex, hook) = await Emulator(_ => Close("Fulfilled"));
        PreloadElicitSlot(lex);

        await lex.StartConversationAsync(Session, "en_US", null, new FakeLine(new CallerInput.Say("connect me to history")), default);

        var e = hook.Events.Single();
        e["messageVersion"]!.GetValue<string>().Should().Be("1.0");
        e["invocationSource"]!.GetValue<string>().Should().Be("DialogCodeHook");
        e["inputMode"]!.GetValue<string>().Should().Be("Speech");
        e["sessionId"]!.GetValue<string>().Should().Be(Session);
        e["inputTranscript"]!.GetValue<string>().Should().Be("connect me to history");
        e["bot"]!.AsObject().Select(p => p.Key).Should().BeEquivalentTo(["id", "name", "aliasId", "aliasName", "localeId", "version"]);
        e["interpretations"]![0]!["intent"]!["name"]!.GetValue<string>().Should().Be("RouteCall");
        var value = e["sessionState"]!["intent"]!["slots"]!["Department"]!["value"]!;
        value["originalValue"]!.GetValue<string>().Should().Be("history");
        value["resolvedValues"]![0]!.GetValue<string>().Should().Be("history");
        e["sessionState"]!["sessionAttributes"]!["phoneNumber"]!.GetValue<string>().Should().Be("+15555550100");
        e.ContainsKey("proposedNextState").Should().BeFalse("no slot is left to elicit");
    }

    [Fact]
    public async Task Unrecognized_answers_are_reprompted_up_to_MaxRetries_without_the_code_hook_then_FallbackIntent()
    {
        // PromptSpecification.maxRetries (https://docs.aws.amazon.com/lexv2/latest/APIReference/API_PromptSpecification.html);
        // "The fallback intent is invoked when ... An intent doesn't recognize the user input as a slot value after the
        // configured number of tries." (https://docs.aws.amazon.com/lexv2/latest/dg/built-in-intent-fallback.html)
        var (lex, hook) = await Emulator(_ => Close("Failed"), WithoutCaptureCodeHooks);
        PreloadElicitSlot(lex);
        var noise = new CallerInput.Say("I really am not sure what I want today");
        var line = new FakeLine(noise, new CallerInput.Silence(), noise);

        await lex.StartConversationAsync(Session, "en_US", null, line, default);

        line.Heard.Should().HaveCount(2).And.OnlyContain(h => h.StartsWith(Prompt, StringComparison.Ordinal), "Retry1 and Retry2 repeat the slot prompt");
        var e = hook.Events.Should().ContainSingle("failed turns never reach the code hook (no ElicitationCodeHook declared)").Subject;
        e["invocationSource"]!.GetValue<string>().Should().Be("FulfillmentCodeHook");
        e["sessionState"]!["intent"]!["name"]!.GetValue<string>().Should().Be("FallbackIntent");
    }

    [Fact]
    public async Task An_ElicitationCodeHook_brings_each_failed_turn_to_the_dialog_code_hook()
    {
        // SlotCaptureSetting.elicitationCodeHook "Code hook called when Amazon Lex doesn't capture a slot value."
        // https://docs.aws.amazon.com/lexv2/latest/APIReference/API_SlotCaptureSetting.html
        var bot = await SynthesizedBot.VariantAsync(intent =>
            intent["Slots"]![0]!["ValueElicitationSetting"]!["SlotCaptureSetting"] = new JsonObject
            {
                ["ElicitationCodeHook"] = new JsonObject { ["EnableCodeHookInvocation"] = true },
            });
        var hook = new FakeHook(_ => Close("Failed"));
        var lex = new LexRuntimeEmulator(bot, hook.InvokeAsync);
        PreloadElicitSlot(lex);

        await lex.StartConversationAsync(Session, "en_US", null, new FakeLine(new CallerInput.Say("I really am not sure what I want")), default);

        var e = hook.Events.Single();
        e["invocationSource"]!.GetValue<string>().Should().Be("DialogCodeHook");
        e["sessionState"]!["intent"]!["slots"]!["Department"].Should().BeNull();
        e["proposedNextState"]!["prompt"]!["attempt"]!.GetValue<string>().Should().Be("Retry1");
    }

    [Fact]
    public async Task Under_TOP_RESOLUTION_only_values_and_synonyms_fill_the_slot()
    {
        // TOP_RESOLUTION: "If there is a resolution list for the slot, return the first value in the resolution list."
        // https://docs.aws.amazon.com/lexv2/latest/APIReference/API_SlotValueSelectionSetting.html
        var template = await SynthesizedBot.TemplateAsync();
        var bot = template["Resources"]!.AsObject().Select(r => r.Value!).Single(r => r["Type"]!.GetValue<string>() == "AWS::Lex::Bot");
        var type = bot["Properties"]!["BotLocales"]![0]!["SlotTypes"]![0]!;
        type["ValueSelectionSetting"]!["ResolutionStrategy"] = "TOP_RESOLUTION";
        type["SlotTypeValues"]![0]!["Synonyms"] = new JsonArray(new JsonObject { ["Value"] = "lab" });
        bot["Properties"]!["BotLocales"]![0]!["Intents"]!.AsArray().Select(i => i!.AsObject())
            .Where(i => i["Name"]!.GetValue<string>() == "RouteCall").ToList().ForEach(WithoutCaptureCodeHooks);
        var hook = new FakeHook(_ => Close("Fulfilled"));
        var lex = new LexRuntimeEmulator(BotDefinition.FromTemplate(template), hook.InvokeAsync);
        PreloadElicitSlot(lex);
        var line = new FakeLine(new CallerInput.Say("geography"), new CallerInput.Say("lab"));

        await lex.StartConversationAsync(Session, "en_US", null, line, default);

        line.Heard.Should().ContainSingle("'geography' is not a value: one retry prompt");
        var value = hook.Events.Single()["sessionState"]!["intent"]!["slots"]!["Department"]!["value"]!;
        value["originalValue"]!.GetValue<string>().Should().Be("lab");
        value["interpretedValue"]!.GetValue<string>().Should().Be("science");
    }

    // ------------------------------------------------------------------ DTMF

    [Theory]
    [InlineData("2#", "2")]
    [InlineData("12", "12")]
    [InlineData("123#", "12")]
    public async Task Keypad_input_follows_the_DTMF_specification(string pressed, string transcript)
    {
        // endCharacter "immediately ends input"; maxLength "The maximum number of DTMF digits allowed in an utterance"
        // (https://docs.aws.amazon.com/lexv2/latest/APIReference/API_DTMFSpecification.html); here a slot that takes 2.
        var (lex, hook) = await Emulator(_ => Close("Fulfilled"), WithTwoKeys);
        PreloadElicitSlot(lex);

        await lex.StartConversationAsync(Session, "en_US", null, new FakeLine(new CallerInput.Keys(pressed)), default);

        var e = hook.Events.Single();
        e["inputMode"]!.GetValue<string>().Should().Be("DTMF");
        e["inputTranscript"]!.GetValue<string>().Should().Be(transcript);
        e["sessionState"]!["intent"]!["slots"]!["Department"]!["value"]!["originalValue"]!.GetValue<string>().Should().Be(transcript);
    }

    [Fact]
    public async Task Without_the_end_character_the_input_ends_after_the_end_timeout()
    {
        var (lex, _) = await Emulator(_ => Close("Fulfilled"), WithTwoKeys);
        PreloadElicitSlot(lex);
        var line = new FakeLine(new CallerInput.Keys("2"));

        await lex.StartConversationAsync(Session, "en_US", null, line, default);

        line.ElapsedMs.Should().BeGreaterThanOrEqualTo(3000, "the deployed EndTimeoutMs is 3000");
    }

    [Fact]
    public async Task The_deletion_character_clears_the_digits_and_ends_the_input()
    {
        // deletionCharacter "clears the accumulated DTMF digits and immediately ends the input" (API_DTMFSpecification)
        var (lex, hook) = await Emulator(_ => Close("Fulfilled"), intent =>
        {
            WithTwoKeys(intent);
            WithoutCaptureCodeHooks(intent);
        });
        PreloadElicitSlot(lex);
        var line = new FakeLine(new CallerInput.Keys("3*"), new CallerInput.Keys("4#"));

        await lex.StartConversationAsync(Session, "en_US", null, line, default);

        line.Heard.Should().ContainSingle().Which.Should().StartWith(Prompt, "the cleared input is no input: a retry prompt");
        hook.Events.Single()["inputTranscript"]!.GetValue<string>().Should().Be("4");
    }

    // DTMF session attributes x-amz-lex:dtmf:<behavior>:<intent>:<slot>, "*" for all, specific over "*"; defaults
    // max-length 1024, end-timeout-ms 5000 (https://docs.aws.amazon.com/lexv2/latest/dg/session-attribs-speech.html).

    [Fact]
    public async Task While_eliciting_an_intent_a_default_max_length_of_one_ends_the_input_at_the_first_key()
    {
        var (lex, hook) = await Emulator(_ => Close("Fulfilled"));
        var configuration = Configuration("ElicitIntent", "Which department?")!;
        configuration["SessionState"]!["SessionAttributes"]!["x-amz-lex:dtmf:max-length:*:*"] = "1";
        var line = new FakeLine(new CallerInput.Keys("34"));

        await lex.StartConversationAsync(Session, "en_US", configuration, line, default);

        hook.Events.First()["inputTranscript"]!.GetValue<string>().Should().Be("3", "the input ends at one digit");
        line.ElapsedMs.Should().BeLessThan(1000, "no end timeout is waited for");
    }

    [Fact]
    public async Task While_eliciting_an_intent_without_DTMF_attributes_one_key_waits_the_documented_end_timeout()
    {
        // No slot is elicited, so no DTMFSpecification applies: the page's default end timeout, 5000 ms.
        var (lex, hook) = await Emulator(_ => Close("Fulfilled"));
        var line = new FakeLine(new CallerInput.Keys("3"));

        await lex.StartConversationAsync(Session, "en_US", Configuration("ElicitIntent", "Which department?"), line, default);

        hook.Events.First()["inputTranscript"]!.GetValue<string>().Should().Be("3");
        line.ElapsedMs.Should().BeGreaterThanOrEqualTo(5000);
    }

    [Fact]
    public async Task An_intent_and_slot_specific_DTMF_attribute_wins_over_the_default_and_the_slot_specification()
    {
        // The deployed slot takes 1 key (DTMFSpecification MaxLength 1); "*:*" says 1; RouteCall:Department says 2.
        var (lex, hook) = await Emulator(_ => Close("Fulfilled"));
        PreloadElicitSlot(lex, new JsonObject
        {
            ["x-amz-lex:dtmf:max-length:*:*"] = "1",
            ["x-amz-lex:dtmf:max-length:RouteCall:Department"] = "2",
        });

        await lex.StartConversationAsync(Session, "en_US", null, new FakeLine(new CallerInput.Keys("12#")), default);

        hook.Events.Single()["inputTranscript"]!.GetValue<string>().Should().Be("12");
    }

    // ------------------------------------------------------------------ FallbackIntent

    [Fact]
    public async Task Input_matching_no_intent_reaches_the_fallback_intent_as_a_fulfillment_event()
    {
        // "When a fallback intent is invoked, the response depends on the setting of the fulfillmentCodeHook parameter"
        // (built-in-intent-fallback.html); the deployed FallbackIntent has only a fulfillment code hook.
        var (lex, hook) = await Emulator(_ => Close("Fulfilled"));

        await lex.StartConversationAsync(Session, "en_US", Configuration("ElicitIntent", "How can I help?"), new FakeLine(new CallerInput.Say("what is the weather like on mars")), default);

        var e = hook.Events.Single();
        e["invocationSource"]!.GetValue<string>().Should().Be("FulfillmentCodeHook");
        e["sessionState"]!["intent"]!["name"]!.GetValue<string>().Should().Be("FallbackIntent");
        e["sessionState"]!["intent"]!["state"]!.GetValue<string>().Should().Be("ReadyForFulfillment");
    }

    // ------------------------------------------------------------------ dialog actions returned by the code hook

    [Fact]
    public async Task Close_ends_the_conversation_with_a_PascalCase_IntentResult()
    {
        // ACTION_SUCCESSFUL IntentResult (start-bot-conversation.html): SessionId, SessionState {SessionAttributes, Intent
        // {Name, Slots, State, ConfirmationState}}, Interpretations [{NluConfidence {Score}, Intent}].
        var (lex, _) = await Emulator(e => Respond(e, "Close", state: "Fulfilled", attributes: new JsonObject { ["route"] = "history" }, message: "Connecting you."));
        PreloadElicitSlot(lex);
        var line = new FakeLine(new CallerInput.Say("history"));

        var result = await lex.StartConversationAsync(Session, "en_US", null, line, default);

        result.Status.Should().Be(BotConversationStatus.Succeeded);
        line.Heard.Should().Equal("Connecting you.");
        var r = result.IntentResult!;
        r["SessionId"]!.GetValue<string>().Should().Be(Session);
        r["SessionState"]!["SessionAttributes"]!["route"]!.GetValue<string>().Should().Be("history");
        var intent = r["SessionState"]!["Intent"]!;
        intent["Name"]!.GetValue<string>().Should().Be("RouteCall");
        intent["State"]!.GetValue<string>().Should().Be("Fulfilled");
        intent["ConfirmationState"]!.GetValue<string>().Should().Be("None");
        intent["Slots"]!["Department"]!["Value"]!["InterpretedValue"]!.GetValue<string>().Should().Be("history");
        r["Interpretations"]![0]!["NluConfidence"]!["Score"]!.GetValue<double>().Should().BeInRange(0, 1);
    }

    [Fact]
    public async Task A_Close_without_slots_reports_the_intents_slots_as_null()
    {
        // "If a slot has not been filled, the value is null." (start-bot-conversation.html)
        var (lex, _) = await Emulator(_ => new JsonObject
        {
            ["sessionState"] = new JsonObject
            {
                ["dialogAction"] = new JsonObject { ["type"] = "Close" },
                ["intent"] = new JsonObject { ["name"] = "RouteCall", ["state"] = "Fulfilled" },
            },
        });
        PreloadElicitSlot(lex);

        var result = await lex.StartConversationAsync(Session, "en_US", null, new FakeLine(new CallerInput.Say("history")), default);

        var slots = result.IntentResult!["SessionState"]!["Intent"]!["Slots"]!.AsObject();
        slots.ContainsKey("Department").Should().BeTrue();
        slots["Department"].Should().BeNull();
    }

    [Fact]
    public async Task ConfirmIntent_without_a_declared_confirmation_goes_to_fulfillment_for_yes_and_for_no()
    {
        // "If you don't specify a confirmation prompt, Amazon Lex V2 moves to the fulfillment step"
        // (https://docs.aws.amazon.com/lexv2/latest/dg/intent-confirm.html); the dialog code hook is not asked again.
        foreach (var (answer, state) in new[] { ("yes", "Confirmed"), ("no", "Denied") })
        {
            var (lex, hook) = await Emulator(
                e => e["invocationSource"]!.GetValue<string>() == "DialogCodeHook"
                    ? Respond(e, "ConfirmIntent", message: "Did you mean history?")
                    : Respond(e, "Close", state: "Fulfilled"),
                WithoutConfirmation);
            PreloadElicitSlot(lex);
            var line = new FakeLine(new CallerInput.Say("histery"), new CallerInput.Say(answer));

            await lex.StartConversationAsync(Session, "en_US", null, line, default);

            line.Heard.Should().StartWith("Did you mean history?");
            hook.Events.Select(e => e["invocationSource"]!.GetValue<string>()).Should().Equal("DialogCodeHook", "FulfillmentCodeHook");
            hook.Events[1]["sessionState"]!["intent"]!["confirmationState"]!.GetValue<string>().Should().Be(state);
        }
    }

    [Fact]
    public async Task A_declared_confirmation_with_its_code_hook_brings_yes_to_the_dialog_code_hook()
    {
        // IntentConfirmationSetting.codeHook (https://docs.aws.amazon.com/lexv2/latest/APIReference/API_IntentConfirmationSetting.html)
        var bot = await SynthesizedBot.VariantAsync(intent => intent["IntentConfirmationSetting"] = new JsonObject
        {
            ["PromptSpecification"] = new JsonObject
            {
                ["MaxRetries"] = 1,
                ["MessageGroupsList"] = new JsonArray(new JsonObject { ["Message"] = new JsonObject { ["PlainTextMessage"] = new JsonObject { ["Value"] = "Is that right?" } } }),
            },
            ["CodeHook"] = new JsonObject { ["EnableCodeHookInvocation"] = true, ["IsActive"] = true },
        });
        var hook = new FakeHook(e => e["sessionState"]!["intent"]!["confirmationState"]!.GetValue<string>() == "None"
            ? Respond(e, "ConfirmIntent", message: "Did you mean history?")
            : Respond(e, "Close", state: "Fulfilled"));
        var lex = new LexRuntimeEmulator(bot, hook.InvokeAsync);
        PreloadElicitSlot(lex);

        await lex.StartConversationAsync(Session, "en_US", null, new FakeLine(new CallerInput.Say("histery"), new CallerInput.Say("yes")), default);

        hook.Events.Select(e => e["invocationSource"]!.GetValue<string>()).Should().Equal("DialogCodeHook", "DialogCodeHook");
        hook.Events[1]["sessionState"]!["intent"]!["confirmationState"]!.GetValue<string>().Should().Be("Confirmed");
    }

    [Fact]
    public async Task A_declared_confirmation_without_code_hook_ends_a_no_with_the_declination_and_a_failed_intent()
    {
        var bot = await SynthesizedBot.VariantAsync(intent => intent["IntentConfirmationSetting"] = new JsonObject
        {
            ["PromptSpecification"] = new JsonObject
            {
                ["MaxRetries"] = 1,
                ["MessageGroupsList"] = new JsonArray(new JsonObject { ["Message"] = new JsonObject { ["PlainTextMessage"] = new JsonObject { ["Value"] = "Is that right?" } } }),
            },
            ["DeclinationResponse"] = new JsonObject
            {
                ["MessageGroupsList"] = new JsonArray(new JsonObject { ["Message"] = new JsonObject { ["PlainTextMessage"] = new JsonObject { ["Value"] = "Okay, cancelled." } } }),
            },
        });
        var hook = new FakeHook(e => Respond(e, "ConfirmIntent", message: "Did you mean history?"));
        var lex = new LexRuntimeEmulator(bot, hook.InvokeAsync);
        PreloadElicitSlot(lex);
        var line = new FakeLine(new CallerInput.Say("histery"), new CallerInput.Say("no"));

        var result = await lex.StartConversationAsync(Session, "en_US", null, line, default);

        line.Heard.Should().EndWith("Okay, cancelled.");
        result.IntentResult!["SessionState"]!["Intent"]!["State"]!.GetValue<string>().Should().Be("Failed");
        result.IntentResult!["SessionState"]!["Intent"]!["ConfirmationState"]!.GetValue<string>().Should().Be("Denied");
    }

    [Fact]
    public async Task An_answer_that_is_neither_yes_nor_no_to_a_lambda_ConfirmIntent_goes_to_the_fallback_intent()
    {
        // "An intent doesn't recognize the user input as a response to a confirmation prompt after the configured
        // number of tries" (built-in-intent-fallback.html); none are configured for a Lambda-issued ConfirmIntent.
        var (lex, hook) = await Emulator(
            e => e["sessionState"]!["intent"]!["name"]!.GetValue<string>() == "RouteCall"
                ? Respond(e, "ConfirmIntent", message: "Did you mean history?")
                : Respond(e, "Close", state: "Fulfilled"),
            WithoutConfirmation);
        PreloadElicitSlot(lex);

        await lex.StartConversationAsync(Session, "en_US", null, new FakeLine(new CallerInput.Say("histery"), new CallerInput.Say("maybe later")), default);

        hook.Events[1]["sessionState"]!["intent"]!["name"]!.GetValue<string>().Should().Be("FallbackIntent");
    }

    [Fact]
    public async Task ElicitSlot_naming_another_intent_switches_to_it_and_speaks_the_message()
    {
        // The code hook may elicit a slot of an alternative intent
        // (https://docs.aws.amazon.com/lexv2/latest/dg/using-intent-confidence-scores.html).
        var (lex, hook) = await Emulator(e => e["sessionState"]!["intent"]!["name"]!.GetValue<string>() == "FallbackIntent"
            ? new JsonObject
            {
                ["sessionState"] = new JsonObject
                {
                    ["dialogAction"] = new JsonObject { ["type"] = "ElicitSlot", ["slotToElicit"] = "Department" },
                    ["intent"] = new JsonObject { ["name"] = "RouteCall", ["slots"] = new JsonObject { ["Department"] = null }, ["state"] = "InProgress" },
                },
                ["messages"] = new JsonArray(new JsonObject { ["contentType"] = "PlainText", ["content"] = "Sorry, which department?" }),
            }
            : Respond(e, "Close", state: "Fulfilled"));
        var line = new FakeLine(new CallerInput.Say("what is the weather like on mars"), new CallerInput.Say("art"));

        await lex.StartConversationAsync(Session, "en_US", Configuration("ElicitIntent", "How can I help?"), line, default);

        line.Heard.Should().Equal("How can I help?", "Sorry, which department?");
        hook.Events[1]["invocationSource"]!.GetValue<string>().Should().Be("DialogCodeHook");
        hook.Events[1]["sessionState"]!["intent"]!["slots"]!["Department"]!["value"]!["interpretedValue"]!.GetValue<string>().Should().Be("art");
    }

    [Fact]
    public async Task ElicitSlot_without_messages_speaks_the_slot_prompt_of_the_bot()
    {
        // "If you don't supply messages, Amazon Lex V2 uses the appropriate message defined when the bot was created."
        // (https://docs.aws.amazon.com/lexv2/latest/dg/lambda-response-format.html)
        var calls = 0;
        var (lex, _) = await Emulator(e => ++calls == 1 ? Respond(e, "ElicitSlot", slot: "Department") : Respond(e, "Close", state: "Fulfilled"));
        PreloadElicitSlot(lex);
        var line = new FakeLine(new CallerInput.Say("history"), new CallerInput.Say("art"));

        await lex.StartConversationAsync(Session, "en_US", null, line, default);

        line.Heard.Should().ContainSingle().Which.Should().StartWith(Prompt);
    }

    [Fact]
    public async Task ElicitIntent_speaks_its_message_and_classifies_the_next_answer()
    {
        var calls = 0;
        var (lex, hook) = await Emulator(e => ++calls == 1 ? Respond(e, "ElicitIntent", message: "What can I do for you?") : Respond(e, "Close", state: "Fulfilled"));
        PreloadElicitSlot(lex);
        var line = new FakeLine(new CallerInput.Say("history"), new CallerInput.Say("transfer me to math"));

        await lex.StartConversationAsync(Session, "en_US", null, line, default);

        line.Heard.Should().Equal("What can I do for you?");
        hook.Events[1]["sessionState"]!["intent"]!["slots"]!["Department"]!["value"]!["originalValue"]!.GetValue<string>().Should().Be("math");
    }

    [Fact]
    public async Task Delegate_lets_lex_fulfill_a_complete_intent()
    {
        var (lex, hook) = await Emulator(
            e => e["invocationSource"]!.GetValue<string>() == "DialogCodeHook" ? Respond(e, "Delegate") : Respond(e, "Close", state: "Fulfilled"),
            WithoutConfirmation);
        PreloadElicitSlot(lex);

        await lex.StartConversationAsync(Session, "en_US", null, new FakeLine(new CallerInput.Say("history")), default);

        hook.Events.Select(e => e["invocationSource"]!.GetValue<string>()).Should().Equal("DialogCodeHook", "FulfillmentCodeHook");
    }

    [Fact]
    public async Task Session_attributes_the_code_hook_leaves_out_are_gone()
    {
        var calls = 0;
        var (lex, hook) = await Emulator(e => ++calls == 1
            ? new JsonObject
            {
                ["sessionState"] = new JsonObject
                {
                    ["dialogAction"] = new JsonObject { ["type"] = "ElicitSlot", ["slotToElicit"] = "Department" },
                    ["intent"] = new JsonObject { ["name"] = "RouteCall", ["slots"] = new JsonObject { ["Department"] = null } },
                },
            }
            : Respond(e, "Close", state: "Fulfilled"));
        PreloadElicitSlot(lex);

        await lex.StartConversationAsync(Session, "en_US", null, new FakeLine(new CallerInput.Say("history"), new CallerInput.Say("art")), default);

        hook.Events[1]["sessionState"]!["sessionAttributes"]!.AsObject().Should().BeEmpty();
    }

    // ------------------------------------------------------------------ invalid responses

    public static TheoryData<string, string> InvalidResponses() => new()
    {
        { """{"sessionState":{"dialogAction":{"type":"ElicitSlot"},"intent":{"name":"RouteCall"}}}""", "slotToElicit" },
        { """{"sessionState":{"dialogAction":{"type":"Close"},"intent":{"name":"RouteCall"}}}""", "Close requires intent.state" },
        { """{"sessionState":{"dialogAction":{"type":"ConfirmIntent"},"intent":{"name":"RouteCall"}}}""", "at least one message" },
        { """{"sessionState":{"dialogAction":{"type":"Delegate"},"sessionAttributes":{"failures":1}}}""", "not a string" },
        { """{"sessionState":{"dialogAction":{"type":"Close"},"intent":{"name":"Nope","state":"Fulfilled"}}}""", "not an intent of the bot" },
        { """{"sessionState":{"dialogAction":{"type":"Finish"}}}""", "is not one of" },
        { """{"messages":[]}""", "sessionState is required" },
        { """{"sessionState":{"dialogAction":{"type":"ElicitSlot","slotToElicit":"Floor"},"intent":{"name":"RouteCall"}}}""", "not a slot" },
    };

    [Theory]
    [MemberData(nameof(InvalidResponses))]
    public async Task An_invalid_code_hook_response_ends_the_bot_action_as_failed(string response, string rule)
    {
        var (lex, _) = await Emulator(_ => JsonNode.Parse(response)!.AsObject());
        PreloadElicitSlot(lex);
        var line = new FakeLine(new CallerInput.Say("history"));

        var result = await lex.StartConversationAsync(Session, "en_US", null, line, default);

        result.Status.Should().Be(BotConversationStatus.Failed);
        result.ErrorType.Should().Be("SystemException");
        line.Violations.Should().ContainSingle().Which.Should().Contain(rule);
    }

    [Fact]
    public async Task A_failing_code_hook_ends_the_bot_action_as_failed()
    {
        var (lex, _) = await Emulator(_ => throw new HttpRequestException("502 Bad Gateway"));
        PreloadElicitSlot(lex);

        var result = await lex.StartConversationAsync(Session, "en_US", null, new FakeLine(new CallerInput.Say("history")), default);

        result.Status.Should().Be(BotConversationStatus.Failed);
    }

    [Fact]
    public async Task The_caller_hanging_up_ends_the_conversation_without_a_result()
    {
        var (lex, hook) = await Emulator(_ => Close("Fulfilled"));
        PreloadElicitSlot(lex);

        var result = await lex.StartConversationAsync(Session, "en_US", null, new FakeLine(new CallerInput.HangUp()), default);

        result.Status.Should().Be(BotConversationStatus.CallerHungUp);
        hook.Events.Should().BeEmpty();
    }

    // ------------------------------------------------------------------ PutSession

    [Fact]
    public async Task PutSession_replaces_the_whole_session_state()
    {
        // PutSession "Creates a new session or modifies an existing session"; the request's sessionState is the state.
        // https://docs.aws.amazon.com/lexv2/latest/APIReference/API_runtime_PutSession.html
        var (lex, _) = await Emulator(_ => Close("Fulfilled"));
        PreloadElicitSlot(lex, new JsonObject { ["first"] = "1" });

        lex.PutSession(lex.Options.BotId, lex.Options.BotAliasId, "en_US", Session, JsonNode.Parse("""{"sessionState":{"dialogAction":{"type":"ElicitIntent"}}}""")!.AsObject());

        var session = lex.Session(Session)!;
        session.Attributes.Should().BeEmpty();
        session.IntentName.Should().BeNull();
        session.DialogActionType.Should().Be("ElicitIntent");
    }

    [Fact]
    public async Task PutSession_answers_with_the_state_and_the_slot_prompt_in_gzip_base64_headers()
    {
        var (lex, _) = await Emulator(_ => Close("Fulfilled"));

        var headers = PreloadElicitSlot(lex);

        JsonNode.Parse(GzipBase64.Decode(headers["x-amz-lex-session-state"]))!["dialogAction"]!["slotToElicit"]!.GetValue<string>().Should().Be("Department");
        JsonNode.Parse(GzipBase64.Decode(headers["x-amz-lex-messages"]))![0]!["content"]!.GetValue<string>().Should().StartWith(Prompt);
    }

    [Theory]
    [InlineData("""{"sessionState":{"sessionAttributes":{"n":1}}}""", 400, "ValidationException")]
    [InlineData("""{"sessionState":{"dialogAction":{"type":"ElicitSlot"},"intent":{"name":"RouteCall"}}}""", 400, "ValidationException")]
    [InlineData("""{}""", 400, "ValidationException")]
    public async Task PutSession_rejects_an_invalid_request(string body, int status, string errorType)
    {
        var (lex, _) = await Emulator(_ => Close("Fulfilled"));

        var error = FluentActions.Invoking(() => lex.PutSession(lex.Options.BotId, lex.Options.BotAliasId, "en_US", Session, JsonNode.Parse(body)!.AsObject()))
            .Should().Throw<LexApiException>().Which;

        (error.Status, error.ErrorType).Should().Be((status, errorType));
    }

    [Fact]
    public async Task PutSession_over_http_needs_a_SigV4_authorization_and_an_existing_bot()
    {
        var (lex, _) = await Emulator(_ => Close("Fulfilled"));
        await using var server = new LexRuntimeHttpServer(lex);
        server.Start();
        using var client = new HttpClient { BaseAddress = server.Endpoint };
        var body = """{"sessionState":{"dialogAction":{"type":"ElicitIntent"}}}""";
        var path = $"bots/{lex.Options.BotId}/botAliases/{lex.Options.BotAliasId}/botLocales/en_US/sessions/{Session}";

        using var unsigned = await client.PostAsync(path, new StringContent(body));
        using var signedRequest = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body) };
        signedRequest.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261129/us-east-1/lex/aws4_request, SignedHeaders=host, Signature=00");
        using var signed = await client.SendAsync(signedRequest);
        using var wrongBotRequest = new HttpRequestMessage(HttpMethod.Post, path.Replace(lex.Options.BotId, "OTHERBOT01", StringComparison.Ordinal)) { Content = new StringContent(body) };
        wrongBotRequest.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261129/us-east-1/lex/aws4_request, SignedHeaders=host, Signature=00");
        using var wrongBot = await client.SendAsync(wrongBotRequest);

        ((int)unsigned.StatusCode).Should().Be(403);
        ((int)signed.StatusCode).Should().Be(200);
        signed.Headers.GetValues("x-amz-lex-session-id").Single().Should().Be(Session);
        ((int)wrongBot.StatusCode).Should().Be(404);
        wrongBot.Headers.GetValues("x-amzn-ErrorType").Single().Should().Be("ResourceNotFoundException");
    }

    // ------------------------------------------------------------------ helpers

    /// <summary>The emulator on the synthesized bot, or on a variant of its RouteCall intent that a rule needs.</summary>
    private static async Task<(LexRuntimeEmulator Lex, FakeHook Hook)> Emulator(Func<JsonObject, JsonObject> answer, Action<JsonObject>? variant = null)
    {
        var hook = new FakeHook(answer);
        var bot = variant is null ? await SynthesizedBot.DefinitionAsync() : await SynthesizedBot.VariantAsync(variant);
        return (new LexRuntimeEmulator(bot, hook.InvokeAsync), hook);
    }

    private static void WithoutConfirmation(JsonObject intent) => intent.Remove("IntentConfirmationSetting");

    private static void WithoutCaptureCodeHooks(JsonObject intent) =>
        intent["Slots"]![0]!["ValueElicitationSetting"]!.AsObject().Remove("SlotCaptureSetting");

    private static void WithTwoKeys(JsonObject intent)
    {
        foreach (var (_, attempt) in intent["Slots"]![0]!["ValueElicitationSetting"]!["PromptSpecification"]!["PromptAttemptsSpecification"]!.AsObject())
        {
            attempt!["AudioAndDTMFInputSpecification"]!["DTMFSpecification"]!["MaxLength"] = 2;
        }
    }

    private static IReadOnlyDictionary<string, string> PreloadElicitSlot(LexRuntimeEmulator lex, JsonObject? attributes = null) =>
        lex.PutSession(lex.Options.BotId, lex.Options.BotAliasId, "en_US", Session, new JsonObject
        {
            ["sessionState"] = new JsonObject
            {
                ["sessionAttributes"] = attributes ?? new JsonObject { ["phoneNumber"] = "+15555550100" },
                ["intent"] = new JsonObject { ["name"] = "RouteCall" },
                ["dialogAction"] = new JsonObject { ["type"] = "ElicitSlot", ["slotToElicit"] = "Department" },
            },
        });

    private static JsonObject? Configuration(string? dialogAction, string? welcome)
    {
        var configuration = new JsonObject
        {
            ["SessionState"] = new JsonObject { ["SessionAttributes"] = new JsonObject { ["phoneNumber"] = "+15555550100" } },
        };
        if (dialogAction is not null)
        {
            configuration["SessionState"]!["DialogAction"] = new JsonObject { ["Type"] = dialogAction };
        }

        if (welcome is not null)
        {
            configuration["WelcomeMessages"] = new JsonArray(new JsonObject { ["Content"] = welcome, ["ContentType"] = "PlainText" });
        }

        return configuration;
    }

    private static JsonObject Close(string state) => new()
    {
        ["sessionState"] = new JsonObject
        {
            ["dialogAction"] = new JsonObject { ["type"] = "Close" },
            ["intent"] = new JsonObject { ["name"] = "RouteCall", ["state"] = state },
        },
    };

    /// <summary>A response echoing the event's intent and attributes with <paramref name="type"/>.</summary>
    private static JsonObject Respond(JsonObject e, string type, string? state = null, string? message = null, string? slot = null, JsonObject? attributes = null)
    {
        var intent = e["sessionState"]!["intent"]!.DeepClone().AsObject();
        if (state is not null)
        {
            intent["state"] = state;
        }

        var action = new JsonObject { ["type"] = type };
        if (slot is not null)
        {
            action["slotToElicit"] = slot;
        }

        var response = new JsonObject
        {
            ["sessionState"] = new JsonObject
            {
                ["sessionAttributes"] = attributes ?? e["sessionState"]!["sessionAttributes"]!.DeepClone(),
                ["dialogAction"] = action,
                ["intent"] = intent,
            },
        };
        if (message is not null)
        {
            response["messages"] = new JsonArray(new JsonObject { ["contentType"] = "PlainText", ["content"] = message });
        }

        return response;
    }

    private sealed class FakeHook(Func<JsonObject, JsonObject> answer)
    {
        public List<JsonObject> Events { get; } = [];

        public Task<JsonObject> InvokeAsync(JsonObject e, CancellationToken cancellationToken)
        {
            Events.Add((JsonObject)e.DeepClone());
            return Task.FromResult(answer(e));
        }
    }

    /// <summary>The caller's line without the SMA: inputs in order, then a hang-up.</summary>
    private sealed class FakeLine(params CallerInput[] inputs) : ICallerLine
    {
        private readonly Queue<CallerInput> queue = new(inputs);
        private bool listened;

        public List<string> Heard { get; } = [];

        public List<bool> Questions { get; } = [];

        public List<string> HeardBeforeFirstListen { get; } = [];

        public List<string> Violations { get; } = [];

        public long ElapsedMs { get; private set; }

        public void Hear(string text, string source, bool asksQuestion)
        {
            Heard.Add(text);
            Questions.Add(asksQuestion);
            if (!listened)
            {
                HeardBeforeFirstListen.Add(text);
            }
        }

        public CallerInput Listen(ListenSettings settings)
        {
            listened = true;
            return queue.TryDequeue(out var input) ? input : new CallerInput.HangUp();
        }

        public void Elapse(int milliseconds) => ElapsedMs += milliseconds;

        public void Record(string kind, JsonNode request, JsonNode? response)
        {
        }

        public void Violation(string text) => Violations.Add(text);
    }
}
