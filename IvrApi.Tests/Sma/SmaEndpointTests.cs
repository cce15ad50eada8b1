using System.Text.Json;
using System.Text.Json.Nodes;
using IvrApi.Departments;
using IvrApi.Routing;
using IvrApi.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace IvrApi.Tests.Sma;

/// <summary>Every SMA event type and failure path, through the real HTTP pipeline.</summary>
public sealed class SmaEndpointTests(IvrApiFactory app) : IClassFixture<IvrApiFactory>
{
    private const string CallerLeg = "3f1c2b7e-8a4d-4e2f-9b6a-5c7d8e9f0a1b";
    private const string AgentLeg = "9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";

    [Fact]
    public async Task New_call_without_preload_lets_the_bot_greet_and_ask()
    {
        var answer = await SmaAnswer.SendAsync(app, Fixtures.Sma("new-inbound-call"));

        answer.Types.Should().Be("StartBotConversation");
        var bot = answer.Bot;
        bot.CallId.Should().Be(CallerLeg);
        bot.BotAliasArn.Should().Be(IvrApiFactory.BotAliasArn);
        bot.LocaleId.Should().Be("en_US");
        bot.DialogAction.Should().Be("ElicitIntent");
        bot.SessionAttributes.Should().NotContainKey("phoneNumber", "the caller's number must not reach Lex or its conversation logs");
        bot.SessionAttributes.Should().Contain("menu", "science art history math", "the keys the code hook accepts are the ones the caller hears");
        bot.SessionAttributes.Should().Contain("x-amz-lex:dtmf:max-length:*:*", "1", "a menu key is one digit: Lex must not wait 5 s for more");
        bot.WelcomeMessages.Should().Equal($"Thank you for calling. {Question}");
    }

    [Fact]
    public async Task New_call_with_preloaded_session_still_has_the_bot_ask_the_question_as_its_welcome_message()
    {
        var preloader = new RecordingPreloader();
        using var factory = new IvrApiFactory().WithServices(s => s.AddSingleton<IBotSessionPreloader>(preloader));

        var answer = await SmaAnswer.SendAsync(factory, Fixtures.Sma("new-inbound-call"));

        // A Speak before the bot cannot be answered until it ends; the bot's own prompt can
        // (https://docs.aws.amazon.com/chime-sdk/latest/dg/start-bot-conversation.html), so a caller may press the key mid-menu.
        answer.Types.Should().Be("StartBotConversation");
        answer.Bot.DialogAction.Should().Be("ElicitIntent");
        answer.Bot.WelcomeMessages.Should().Equal($"Thank you for calling. {Question}");
        answer.Bot.SessionAttributes.Should().Contain("menu", "science art history math");
        preloader.Calls.Should().Equal(CallerLeg);
    }

    [Fact]
    public async Task New_call_goes_on_when_the_preload_fails()
    {
        var preloader = new RecordingPreloader(() => throw new HttpRequestException("Lex answered 503"));
        using var factory = new IvrApiFactory().WithServices(s => s.AddSingleton<IBotSessionPreloader>(preloader));

        var answer = await SmaAnswer.SendAsync(factory, Fixtures.Sma("new-inbound-call"));

        answer.Types.Should().Be("StartBotConversation");
        answer.Bot.DialogAction.Should().Be("ElicitIntent");
        factory.Logs.Lines.Should().Contain(l => l.Contains("preload failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task New_call_without_a_caller_leg_is_rejected_unanswered()
    {
        var call = Fixtures.Sma("new-inbound-call");
        call["CallDetails"]!["Participants"] = new JsonArray();

        var answer = await SmaAnswer.SendAsync(app, call);

        answer.Types.Should().Be("Hangup");
        answer.Hangups.Single().SipResponseCode.Should().Be("480");
    }

    [Fact]
    public async Task Bot_result_for_a_known_department_bridges_to_the_voice_connector_with_the_department_header()
    {
        var answer = await SmaAnswer.SendAsync(app, Fixtures.Sma("action-successful-start-bot-conversation"));

        answer.Types.Should().Be("Speak,CallAndBridge");
        answer.Said.Should().Equal("Connecting you to the history department.");
        answer.Bridge.CallerIdNumber.Should().Be("+15555550100");
        answer.Bridge.CallTimeoutSeconds.Should().Be(30);
        answer.Bridge.Endpoints.Should().Equal(new SmaAnswer.Endpoint("AWS", IvrApiFactory.VoiceConnectorArn, "600300"));
        answer.Bridge.SipHeaders.Should().Equal(new Dictionary<string, string> { ["X-LexInfo"] = "history", ["X-IVR-Language"] = "en" });
        answer.TransactionAttributes.Should().Equal(new Dictionary<string, string>
        {
            ["ivr_bridged_to"] = "history",
            ["ivr_destination"] = "voiceConnector|600300",
            ["ivr_operator_tried"] = "false",
            ["ivr_after_speech"] = "Bridge",
            ["ivr_language"] = "en",
        });
    }

    [Theory]
    [InlineData("  History ")]
    [InlineData("HISTORY")]
    public async Task Department_lookup_ignores_case_and_surrounding_space(string heard)
    {
        var answer = await SmaAnswer.SendAsync(app, Fixtures.BotResult(heard));

        answer.Bridge.Uri.Should().Be("600300");
        answer.Bridge.LexInfo.Should().Be("history");
    }

    [Fact]
    public async Task A_pstn_department_is_bridged_to_its_e164_number_without_arn_or_headers()
    {
        using var factory = WithDepartments(SampleDepartments.Sales);

        var answer = await SmaAnswer.SendAsync(factory, Fixtures.BotResult("sales"));

        answer.Bridge.Endpoints.Should().Equal(new SmaAnswer.Endpoint("PSTN", Arn: null, "+15555550199"));
        answer.Bridge.SipHeaders.Should().BeNull();
    }

    [Theory]
    [InlineData("action-successful-start-bot-conversation-no-slot")]
    [InlineData("action-successful-start-bot-conversation-null-slot")]
    [InlineData("action-successful-start-bot-conversation-unknown-department")]
    public async Task No_or_unknown_department_goes_to_the_operator_with_an_explanation(string fixture)
    {
        var answer = await SmaAnswer.SendAsync(app, Fixtures.Sma(fixture));

        answer.Types.Should().Be("Speak,CallAndBridge");
        answer.Said.Should().ContainSingle().Which.Should().Contain("operator");
        answer.Bridge.Uri.Should().Be("000000");
        answer.Bridge.LexInfo.Should().Be("unknown");
        answer.Attribute("ivr_operator_tried").Should().Be("true");
    }

    [Fact]
    public async Task A_failed_intent_goes_to_the_operator_even_with_a_department_in_its_slot()
    {
        var call = Fixtures.Sma("action-successful-start-bot-conversation");
        call["ActionData"]!["IntentResult"]!["SessionState"]!["Intent"]!["State"] = "Failed";

        var answer = await SmaAnswer.SendAsync(app, call);

        answer.Types.Should().Be("Speak,CallAndBridge");
        answer.Bridge.Uri.Should().Be("000000");
    }

    [Fact]
    public async Task A_hand_over_the_bot_already_announced_bridges_to_the_operator_without_more_words()
    {
        var call = Fixtures.Sma("action-successful-start-bot-conversation-null-slot");
        call["ActionData"]!["IntentResult"]!["SessionState"]!["SessionAttributes"]!["route"] = "operator";

        var answer = await SmaAnswer.SendAsync(app, call);

        answer.Types.Should().Be("CallAndBridge");
        answer.Bridge.Uri.Should().Be("000000");
    }

    [Fact]
    public async Task A_hostile_department_value_never_reaches_a_sip_header()
    {
        var answer = await SmaAnswer.SendAsync(app, Fixtures.BotResult("history\r\nX-Evil: 1"));

        answer.Bridge.Uri.Should().Be("000000");
        answer.Bridge.LexInfo.Should().Be("unknown");
    }

    [Fact]
    public async Task A_failed_bot_conversation_apologises_and_goes_to_the_operator()
    {
        var answer = await SmaAnswer.SendAsync(app, Fixtures.Sma("action-failed-start-bot-conversation"));

        answer.Types.Should().Be("Speak,CallAndBridge");
        answer.Said.Should().ContainSingle().Which.Should().StartWith("Sorry");
        answer.Bridge.Uri.Should().Be("000000");
    }

    [Theory]
    [InlineData("action-failed-call-and-bridge")]
    [InlineData("action-failed-call-and-bridge-invalid-sip-header")]
    public async Task A_failed_bridge_to_a_department_tells_the_caller_and_tries_the_operator_once(string fixture)
    {
        var call = WithMemory(Fixtures.Sma(fixture), "history", "voiceConnector|600300", operatorTried: false);

        var answer = await SmaAnswer.SendAsync(app, call);

        answer.Types.Should().Be("Speak,CallAndBridge");
        answer.Said.Should().Equal("Sorry, nobody in the history department is available. Let me connect you to an operator.");
        answer.Bridge.Uri.Should().Be("000000");
        answer.Attribute("ivr_operator_tried").Should().Be("true");
    }

    [Fact]
    public async Task A_failed_bridge_to_the_operator_apologises_and_hangs_up_instead_of_looping()
    {
        var call = WithMemory(Fixtures.Sma("action-failed-call-and-bridge"), "unknown", "voiceConnector|000000", operatorTried: true);

        var answer = await SmaAnswer.SendAsync(app, call);

        answer.Types.Should().Be("Speak,Hangup");
        answer.Said.Should().ContainSingle().Which.Should().Contain("call again later");
        answer.Hangups.Single().CallId.Should().Be(CallerLeg);
    }

    [Fact]
    public async Task A_failed_bridge_whose_endpoint_is_the_operators_is_never_retried_whatever_the_memory_says()
    {
        var call = WithMemory(Fixtures.Sma("action-failed-call-and-bridge"), "history", "voiceConnector|600300", operatorTried: false);
        call["ActionData"]!["Parameters"]!["Endpoints"]![0]!["Uri"] = "000000";

        var answer = await SmaAnswer.SendAsync(app, call);

        answer.Types.Should().Be("Speak,Hangup");
        answer.Said.Should().ContainSingle().Which.Should().Contain("call again later");
    }

    [Theory]
    [InlineData("Bridge", "CallAndBridge", "600300")]
    [InlineData("Hangup", "Hangup", null)]
    public async Task A_failed_speech_goes_on_to_what_was_to_follow_it_without_words(string afterSpeech, string expected, string? uri)
    {
        var call = WithMemory(FailedSpeak(), "history", "voiceConnector|600300", operatorTried: false, afterSpeech);

        var answer = await SmaAnswer.SendAsync(app, call);

        answer.Types.Should().Be(expected);
        if (uri is not null)
        {
            answer.Bridge.Uri.Should().Be(uri);
            answer.Bridge.LexInfo.Should().Be("history");
        }
    }

    [Fact]
    public async Task A_failed_goodbye_to_a_blocked_caller_hangs_up_and_never_bridges()
    {
        var call = WithMemory(FailedSpeak(), "", "", operatorTried: false, "Hangup");
        call["ActionData"]!["ErrorType"] = "ActionExecutionThrottled";

        var answer = await SmaAnswer.SendAsync(app, call);

        answer.Types.Should().Be("Hangup");
    }

    [Theory]
    [InlineData("action-failed-call-and-bridge", "ACTION_FAILED")]
    [InlineData("action-failed-call-and-bridge", "INVALID_LAMBDA_RESPONSE")]
    [InlineData("action-successful-start-bot-conversation", "ACTION_SUCCESSFUL")]
    public async Task An_event_after_the_caller_left_starts_nothing(string fixture, string eventType)
    {
        var call = Fixtures.Sma(fixture);
        call["InvocationEventType"] = eventType;
        call["CallDetails"]!["Participants"]![0]!["Status"] = "Disconnected";

        var answer = await SmaAnswer.SendAsync(app, call);

        answer.Actions.Should().BeEmpty("nobody is left to speak to or to bridge");
    }

    [Fact]
    public async Task A_failed_speech_with_nothing_remembered_goes_to_the_operator_without_words()
    {
        var call = Fixtures.Sma("action-failed-call-and-bridge");
        call["ActionData"]!["Type"] = "Speak";
        call["ActionData"]!["ErrorType"] = "SystemException";

        var answer = await SmaAnswer.SendAsync(app, call);

        answer.Types.Should().Be("CallAndBridge");
        answer.Bridge.Uri.Should().Be("000000");
    }

    [Fact]
    public async Task When_the_agent_hangs_up_the_caller_is_hung_up_too()
    {
        var answer = await SmaAnswer.SendAsync(app, Fixtures.Sma("hangup-leg-b"));

        answer.Types.Should().Be("Hangup");
        answer.Hangups.Single().CallId.Should().Be(CallerLeg);
    }

    [Fact]
    public async Task When_the_caller_hangs_up_the_agent_leg_is_hung_up()
    {
        var answer = await SmaAnswer.SendAsync(app, Fixtures.Sma("hangup-leg-a"));

        answer.Types.Should().Be("Hangup");
        answer.Hangups.Single().CallId.Should().Be(AgentLeg);
    }

    [Fact]
    public async Task A_hang_up_with_nobody_left_stops_all_actions()
    {
        var call = Fixtures.Sma("hangup-leg-a");
        call["CallDetails"]!["Participants"]![1]!["Status"] = "Disconnected";

        var answer = await SmaAnswer.SendAsync(app, call);

        answer.Actions.Should().BeEmpty();
    }

    [Fact]
    public async Task An_invalid_lambda_response_is_answered_with_an_apology_and_a_clean_hang_up_and_logged_with_its_error()
    {
        using var factory = new IvrApiFactory();

        var answer = await SmaAnswer.SendAsync(factory, Fixtures.Sma("invalid-lambda-response"));

        answer.Types.Should().Be("Speak,Hangup");
        factory.Logs.Lines.Should().Contain(l => l.StartsWith("The SMA rejected our previous response", StringComparison.Ordinal)
            && l.Contains("TransactionAttributesInvalidMapSize", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ringing")]
    [InlineData("ringing-call-and-bridge")]
    [InlineData("call-answered")]
    [InlineData("new-outbound-call")]
    [InlineData("action-successful-call-and-bridge")]
    [InlineData("action-successful-call-and-bridge-voice-connector")]
    [InlineData("action-successful-speak")]
    [InlineData("action-successful-speak-and-get-digits")]
    [InlineData("action-interrupted")]
    [InlineData("digits-received")]
    [InlineData("call-update-requested")]
    public async Task Informational_events_keep_the_running_actions(string fixture)
    {
        var answer = await SmaAnswer.SendAsync(app, Fixtures.Sma(fixture));

        // Omitted Actions keep what runs (a bridge that is ringing); [] would stop it.
        answer.Actions.Should().BeNull();
        answer.SchemaVersion.Should().Be("1.0");
    }

    [Fact]
    public async Task An_unknown_event_type_gets_a_valid_answer()
    {
        var call = Fixtures.Sma("ringing");
        call["InvocationEventType"] = "SOMETHING_NEW";

        var answer = await SmaAnswer.SendAsync(app, call);

        answer.Actions.Should().BeNull();
    }

    [Fact]
    public async Task A_withheld_caller_id_presents_our_own_number_on_the_bridge()
    {
        var call = Fixtures.Sma("action-successful-start-bot-conversation");
        call["CallDetails"]!["Participants"]![0]!["From"] = "anonymous";

        var answer = await SmaAnswer.SendAsync(app, call);

        answer.Bridge.CallerIdNumber.Should().Be("+15555550101");
    }

    [Fact]
    public async Task No_usable_caller_id_at_all_ends_the_call_in_words_instead_of_a_doomed_bridge()
    {
        var call = Fixtures.Sma("action-successful-start-bot-conversation");
        call["CallDetails"]!["Participants"]![0]!["From"] = "anonymous";
        call["CallDetails"]!["Participants"]![0]!["To"] = "sip:ivr";

        var answer = await SmaAnswer.SendAsync(app, call);

        answer.Types.Should().Be("Speak,Hangup");
    }

    [Fact]
    public async Task A_directory_that_hangs_sends_the_caller_to_the_operator_with_an_honest_apology()
    {
        using var factory = new IvrApiFactory()
            .With("Directory:Timeout", "00:00:00.2")
            .WithServices(s => s.AddSingleton<IDirectoryStore, HangingDirectoryStore>());

        var answer = await SmaAnswer.SendAsync(factory, Fixtures.Sma("action-successful-start-bot-conversation"));

        answer.Types.Should().Be("Speak,CallAndBridge");
        answer.Said.Should().ContainSingle().Which.Should().Contain("can't look up departments");
        answer.Bridge.Uri.Should().Be("000000");
    }

    [Fact]
    public async Task The_operator_route_can_be_a_pstn_number()
    {
        using var factory = new IvrApiFactory()
            .With("Routing:Operator:Service", "pstnNumber")
            .With("Routing:Operator:Number", "+15555550123");

        var answer = await SmaAnswer.SendAsync(factory, Fixtures.Sma("action-failed-start-bot-conversation"));

        answer.Bridge.Endpoints.Should().Equal(new SmaAnswer.Endpoint("PSTN", Arn: null, "+15555550123"));
    }

    [Fact]
    public async Task Existing_transaction_attributes_are_kept_when_ours_are_added()
    {
        var call = Fixtures.Sma("action-successful-start-bot-conversation");
        call["CallDetails"]!["TransactionAttributes"] = new JsonObject { ["campaign"] = "spring" };

        var answer = await SmaAnswer.SendAsync(app, call);

        answer.Attribute("campaign").Should().Be("spring");
    }

    [Theory]
    [InlineData("this is not json")]
    [InlineData("")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"InvocationEventType\": ")]
    public async Task A_body_that_is_not_a_json_object_gets_a_problem_response(string body)
    {
        var (status, problem) = await Fixtures.PostAsync(app.CreateClient(), "/sma", body);

        status.Should().Be(400);
        problem.GetProperty("status").GetInt32().Should().Be(400);
        problem.GetProperty("title").GetString().Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task Logs_carry_the_call_ids_and_never_the_callers_number()
    {
        using var factory = new IvrApiFactory();
        await Fixtures.SmaAsync(factory, Fixtures.Sma("new-inbound-call"));
        await Fixtures.SmaAsync(factory, Fixtures.Sma("action-successful-start-bot-conversation"));

        var callLines = factory.Logs.Events.Where(e => e.Properties.ContainsKey("TransactionId")).ToArray();
        callLines.Should().NotBeEmpty();
        callLines.Should().OnlyContain(e => e.Properties["CallId"].ToString().Contains(CallerLeg));
        factory.Logs.Lines.Should().NotContain(l => l.Contains("5555550100", StringComparison.Ordinal));
        factory.Logs.Lines.Should().Contain(l => l.Contains("+1********00", StringComparison.Ordinal));
        factory.Logs.Events.Should().Contain(e => e.MessageTemplate.Text.StartsWith("Routing decision", StringComparison.Ordinal)
            && e.Properties["Department"].ToString() == "\"history\"" && e.Properties["Reason"].ToString() == "Matched");
    }

    [Theory]
    [InlineData("action-failed-start-bot-conversation", "StartBotConversation")]
    [InlineData("action-failed-call-and-bridge", "CallAndBridge")]
    public async Task A_failed_action_is_logged_with_its_error_type_beside_the_routing_decision(string fixture, string action)
    {
        using var factory = new IvrApiFactory();
        var call = Fixtures.Sma(fixture);
        var errorType = call["ActionData"]!["ErrorType"]!.GetValue<string>();

        await Fixtures.SmaAsync(factory, call);

        var failed = factory.Logs.Events.Should().ContainSingle(e => e.MessageTemplate.Text.StartsWith("{ActionType} failed", StringComparison.Ordinal)).Subject;
        failed.Level.Should().Be(Serilog.Events.LogEventLevel.Warning, "production logs at Information");
        failed.Properties["ActionType"].ToString().Should().Be($"\"{action}\"");
        failed.Properties["ErrorType"].ToString().Should().Be($"\"{errorType}\"");
        factory.Logs.Events.Should().Contain(e => e.MessageTemplate.Text.StartsWith("Routing decision", StringComparison.Ordinal));
    }

    private const string Question = "Which department would you like? Press 1 for science, 2 for art, 3 for history, or 4 for math.";

    /// <summary>The memory our own earlier answer left in TransactionAttributes.</summary>
    private static JsonObject WithMemory(JsonObject call, string bridgedTo, string destination, bool operatorTried, string afterSpeech = "Bridge")
    {
        call["CallDetails"]!["TransactionAttributes"] = new JsonObject
        {
            ["ivr_bridged_to"] = bridgedTo,
            ["ivr_destination"] = destination,
            ["ivr_operator_tried"] = operatorTried ? "true" : "false",
            ["ivr_after_speech"] = afterSpeech,
        };
        return call;
    }

    private static JsonObject FailedSpeak()
    {
        var call = Fixtures.Sma("action-failed-call-and-bridge");
        call["ActionData"] = new JsonObject
        {
            ["Type"] = "Speak",
            ["Parameters"] = new JsonObject { ["CallId"] = CallerLeg, ["Text"] = "Thank you for calling.", ["Engine"] = "neural", ["VoiceId"] = "Joanna" },
            ["ErrorType"] = "ActionExecutionThrottled",
            ["ErrorMessage"] = "Polly throttled the request.",
        };
        return call;
    }

    private static IvrApiFactory WithDepartments(params Department[] departments) =>
        new IvrApiFactory().WithServices(s => s.AddSingleton<IDirectoryStore>(new ScriptedDirectoryStore(departments)));
}
