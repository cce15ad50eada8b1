using System.Text.Json.Nodes;
using IvrApi.Tests.TestSupport;
using IvrEmulators;
using IvrEmulators.Lex;
using IvrEmulators.Sma;

namespace IvrApi.Tests.Emulators;

/// <summary>
/// The SMA emulator with a Lambda written here: events, action semantics, limits and faults as the Chime SDK PSTN
/// audio pages describe them (https://docs.aws.amazon.com/chime-sdk/latest/dg/pstn-invocations.html).
/// </summary>
public sealed class SmaEmulatorRuleTests
{
    private const string VoiceConnector = "arn:aws:chime:us-east-1:111111111111:vc/abcdefg1hijklm2nopq3rs";

    [Fact]
    public async Task A_new_call_arrives_as_NEW_INBOUND_CALL_with_the_caller_leg()
    {
        var lambda = new FakeLambda(_ => Actions(Hangup()));

        await Emulator(lambda).RunCallAsync(new CallScript { CallerNumber = "+15555550123", CalledNumber = "+15555550199" });

        var first = lambda.Events[0];
        first["SchemaVersion"]!.GetValue<string>().Should().Be("1.0");
        first["Sequence"]!.GetValue<int>().Should().Be(1);
        first["InvocationEventType"]!.GetValue<string>().Should().Be("NEW_INBOUND_CALL");
        first.ContainsKey("ActionData").Should().BeFalse();
        var leg = first["CallDetails"]!["Participants"]!.AsArray().Single()!;
        (leg["ParticipantTag"]!.GetValue<string>(), leg["From"]!.GetValue<string>(), leg["To"]!.GetValue<string>(), leg["Direction"]!.GetValue<string>())
            .Should().Be(("LEG-A", "+15555550123", "+15555550199", "Inbound"));
        leg["StartTimeInMilliseconds"]!.GetValue<string>().Should().MatchRegex("^[0-9]+$", "epoch ms as a string");
    }

    [Fact]
    public async Task Actions_run_in_order_and_ACTION_SUCCESSFUL_describes_the_last_one()
    {
        var lambda = new FakeLambda(e => e["InvocationEventType"]!.GetValue<string>() == "NEW_INBOUND_CALL"
            ? Actions(Speak(e, "One."), Speak(e, "Two."))
            : Actions(Hangup()));

        var call = await Emulator(lambda).RunCallAsync(new CallScript());

        call.HeardTexts.Should().StartWith(["One.", "Two."]);
        var success = lambda.Events[1];
        success["InvocationEventType"]!.GetValue<string>().Should().Be("ACTION_SUCCESSFUL");
        success["ActionData"]!["Parameters"]!["Text"]!.GetValue<string>().Should().Be("Two.");
    }

    [Fact]
    public async Task A_failed_action_reports_ACTION_FAILED_and_drops_the_actions_after_it()
    {
        // "if one fails you get ACTION_FAILED and the actions after it are discarded" (use-case-2); Speak's error table:
        // "Text is limited to 1,000 characters" (https://docs.aws.amazon.com/chime-sdk/latest/dg/speak.html).
        var lambda = new FakeLambda(e => e["InvocationEventType"]!.GetValue<string>() == "NEW_INBOUND_CALL"
            ? Actions(Speak(e, new string('a', 1001)), Speak(e, "Never heard."))
            : Actions(Hangup()));

        var call = await Emulator(lambda).RunCallAsync(new CallScript());

        call.HeardTexts.Should().NotContain("Never heard.");
        var failed = lambda.Events[1];
        failed["InvocationEventType"]!.GetValue<string>().Should().Be("ACTION_FAILED");
        failed["ActionData"]!["ErrorType"]!.GetValue<string>().Should().Be("MissingRequiredActionParameter");
        failed["ActionData"]!["ErrorMessage"]!.GetValue<string>().Should().Be("Text is limited to 1,000 characters");
    }

    [Fact]
    public async Task Speak_needs_the_CallId()
    {
        var lambda = new FakeLambda(e => e["InvocationEventType"]!.GetValue<string>() == "NEW_INBOUND_CALL"
            ? Actions(new JsonObject { ["Type"] = "Speak", ["Parameters"] = new JsonObject { ["Text"] = "Hello" } })
            : Actions(Hangup()));

        await Emulator(lambda).RunCallAsync(new CallScript());

        lambda.Events[1]["ActionData"]!["ErrorType"]!.GetValue<string>().Should().Be("MissingRequiredActionParameter");
    }

    [Theory]
    [InlineData("es-US", "Lupe", null)]
    [InlineData("es-US", "Pedro", null)]
    [InlineData("es_US", "Lupe", "InvalidActionParameter")]
    [InlineData("es-US", "Lupita", "InvalidActionParameter")]
    public async Task Speak_takes_amazon_polly_language_codes_and_voice_ids(string language, string voice, string? errorType)
    {
        var lambda = new FakeLambda(e => e["InvocationEventType"]!.GetValue<string>() == "NEW_INBOUND_CALL"
            ? Actions(new JsonObject
            {
                ["Type"] = "Speak",
                ["Parameters"] = new JsonObject { ["CallId"] = CallId(e), ["Text"] = "Hola", ["Engine"] = "neural", ["VoiceId"] = voice, ["LanguageCode"] = language },
            })
            : Actions(Hangup()));

        await Emulator(lambda).RunCallAsync(new CallScript());

        ((string?)lambda.Events[1]["ActionData"]!["ErrorType"]).Should().Be(errorType);
        ((string?)lambda.Events[1]["InvocationEventType"]).Should().Be(errorType is null ? "ACTION_SUCCESSFUL" : "ACTION_FAILED");
    }

    public static TheoryData<string, string> Unusable() => new()
    {
        { """{"SchemaVersion":"2.0","Actions":[{"Type":"Hangup","Parameters":{}}]}""", "schema version" },
        { """{"SchemaVersion":"1.0","Actions":[]}""", "Action list is empty" },
        { """{"SchemaVersion":"1.0","Actions":[{"Type":"Transfer","Parameters":{}}]}""", "Unsupported action name" },
        { """{"SchemaVersion":"1.0","Actions":{"Type":"Hangup"}}""", "Error while reading actions list" },
        { "{\"SchemaVersion\":\"1.0\",\"Actions\":[" + string.Join(",", Enumerable.Repeat("""{"Type":"Pause","Parameters":{"DurationInMilliseconds":100}}""", 11)) + "]}", "Too many actions" },
        { """{"SchemaVersion":"1.0","Actions":[{"Type":"Hangup","Parameters":{}}],"TransactionAttributes":{"a":"1","b":"2","c":"3","d":"4","e":"5","f":"6","g":"7","h":"8","i":"9","j":"10","k":"11"}}""", "Maximum number of mappings is 10" },
        { """{"SchemaVersion":"1.0","Actions":[{"Type":"Hangup","Parameters":{}}],"TransactionAttributes":{"n":1}}""", "strings" },
    };

    [Theory]
    [MemberData(nameof(Unusable))]
    public async Task A_response_the_SMA_cannot_use_comes_back_as_INVALID_LAMBDA_RESPONSE(string response, string message)
    {
        // https://docs.aws.amazon.com/chime-sdk/latest/dg/unexpected-hangups.html and attribute-trans-invalid.html
        var lambda = new FakeLambda(e => e["InvocationEventType"]!.GetValue<string>() == "NEW_INBOUND_CALL"
            ? JsonNode.Parse(response)!.AsObject()
            : Actions(Hangup()));

        var call = await Emulator(lambda).RunCallAsync(new CallScript());

        var invalid = lambda.Events[1];
        invalid["InvocationEventType"]!.GetValue<string>().Should().Be("INVALID_LAMBDA_RESPONSE");
        invalid["ErrorMessage"]!.GetValue<string>().Should().ContainEquivalentOf(message);
        call.Violations.Should().ContainSingle(v => v.Contains("INVALID_LAMBDA_RESPONSE", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Transaction_attributes_are_carried_replaced_kept_and_erased_as_documented()
    {
        // A map replaces the stored attributes, omitting them keeps them, {} erases them
        // (https://docs.aws.amazon.com/chime-sdk/latest/dg/transaction-attributes.html).
        var answers = new Queue<JsonObject>(
        [
            Actions([Pause()], new JsonObject { ["a"] = "1", ["b"] = "2" }),
            Actions([Pause()], new JsonObject { ["c"] = "3" }),
            Actions(Pause()),
            Actions([Pause()], []),
            Actions(Hangup()),
            new JsonObject { ["SchemaVersion"] = "1.0" },
        ]);
        var lambda = new FakeLambda(_ => answers.Dequeue());

        await Emulator(lambda).RunCallAsync(new CallScript());

        string Stored(int i) => lambda.Events[i]["CallDetails"]!["TransactionAttributes"]?.ToJsonString() ?? "none";
        Stored(1).Should().Be("""{"a":"1","b":"2"}""");
        Stored(2).Should().Be("""{"c":"3"}""");
        Stored(3).Should().Be("""{"c":"3"}""");
        Stored(4).Should().Be("none");
    }

    [Fact]
    public async Task An_answered_bridge_adds_LEG_B_and_the_agent_hanging_up_arrives_as_HANGUP()
    {
        // CallAndBridge ACTION_SUCCESSFUL: "Participants" LEG-A and LEG-B Connected (call-and-bridge.html); HANGUP names the
        // leg that left (pstn-invocations.html).
        var lambda = new FakeLambda(e => e["InvocationEventType"]!.GetValue<string>() switch
        {
            "NEW_INBOUND_CALL" => Actions(Bridge(e, "600300", new JsonObject { ["X-LexInfo"] = "history" })),
            "HANGUP" when LegTag(e) == "LEG-B" => Actions(Hangup()),
            _ => new JsonObject { ["SchemaVersion"] = "1.0" },
        });

        var call = await Emulator(lambda).RunCallAsync(new CallScript { Agent = new AgentBehaviour(AgentHangsUp: true) });

        var bridged = lambda.Events[1];
        bridged["InvocationEventType"]!.GetValue<string>().Should().Be("ACTION_SUCCESSFUL");
        bridged["CallDetails"]!["Participants"]!.AsArray().Select(p => (p!["ParticipantTag"]!.GetValue<string>(), p["Status"]!.GetValue<string>()))
            .Should().Equal(("LEG-A", "Connected"), ("LEG-B", "Connected"));
        bridged["ActionData"]!["Parameters"]!["CallId"]!.GetValue<string>().Should().Be(CallId(lambda.Events[0]));
        var agentGone = lambda.Events[2];
        (agentGone["InvocationEventType"]!.GetValue<string>(), LegTag(agentGone)).Should().Be(("HANGUP", "LEG-B"));
        call.Bridges.Single().Should().Match<BridgeAttempt>(b => b.Uri == "600300" && b.SipHeaders["X-LexInfo"] == "history" && b.Outcome == "Answered");
        call.Ending!.How.Should().Be("agent hung up");
        call.Ending.ConnectedTo.Should().Be("600300");
    }

    [Theory]
    [InlineData("notAnswered", "CallNotAnswered")]
    [InlineData("busy", "CallNotAnswered")]
    [InlineData("failed", "SystemException")]
    public async Task An_unanswered_bridge_fails_with_only_the_caller_leg(string outcome, string errorType)
    {
        // Failed CallAndBridge: "ErrorType": "CallNotAnswered", only LEG-A in Participants (call-and-bridge.html).
        var lambda = new FakeLambda(e => e["InvocationEventType"]!.GetValue<string>() == "NEW_INBOUND_CALL"
            ? Actions(Bridge(e, "+15555550102", null, pstn: true))
            : Actions(Hangup()));

        await Emulator(lambda).RunCallAsync(CallScript.Parse("{\"bridges\":{\"+15555550102\":\"" + outcome + "\"}}"));

        var failed = lambda.Events[1];
        failed["ActionData"]!["ErrorType"]!.GetValue<string>().Should().Be(errorType);
        failed["CallDetails"]!["Participants"]!.AsArray().Should().ContainSingle();
    }

    [Theory]
    [InlineData("X-AMZN-Route", "Invalid SIP header(s) provided")]
    [InlineData("Route", "Invalid SIP header(s) provided")]
    public async Task A_bridge_with_a_reserved_or_non_custom_SIP_header_fails(string header, string message)
    {
        // "X-AMZN is reserved"; custom headers start with x- (https://docs.aws.amazon.com/chime-sdk/latest/dg/sip-headers.html)
        var lambda = new FakeLambda(e => e["InvocationEventType"]!.GetValue<string>() == "NEW_INBOUND_CALL"
            ? Actions(Bridge(e, "600300", new JsonObject { [header] = "x" }))
            : Actions(Hangup()));

        await Emulator(lambda).RunCallAsync(new CallScript());

        lambda.Events[1]["ActionData"]!["ErrorType"]!.GetValue<string>().Should().Be("InvalidActionParameter");
        lambda.Events[1]["ActionData"]!["ErrorMessage"]!.GetValue<string>().Should().StartWith(message);
    }

    [Fact]
    public async Task A_bridge_presenting_a_caller_id_the_account_does_not_own_fails()
    {
        // CallerIdNumber: "A number belonging to the customer, or the From number of the A Leg" (call-and-bridge.html)
        var lambda = new FakeLambda(e => e["InvocationEventType"]!.GetValue<string>() == "NEW_INBOUND_CALL"
            ? Actions(Bridge(e, "600300", null, callerId: "+15555559999"))
            : Actions(Hangup()));

        await Emulator(lambda).RunCallAsync(new CallScript());

        lambda.Events[1]["ActionData"]!["ErrorMessage"]!.GetValue<string>().Should().Be("Invalid caller ID number provided");
    }

    [Fact]
    public async Task An_injected_fault_fails_the_nth_Speak_with_the_given_error()
    {
        var lambda = new FakeLambda(e => e["InvocationEventType"]!.GetValue<string>() == "NEW_INBOUND_CALL"
            ? Actions(Speak(e, "First."), Speak(e, "Second."))
            : Actions(Hangup()));
        var script = new CallScript { Faults = [new ActionFault("Speak", 2, "ActionExecutionThrottled", "Polly throttled")] };

        var call = await Emulator(lambda).RunCallAsync(script);

        call.HeardTexts.Should().Equal("First.");
        lambda.Events[1]["ActionData"]!["ErrorType"]!.GetValue<string>().Should().Be("ActionExecutionThrottled");
        lambda.Events[1]["ActionData"]!["Parameters"]!["Text"]!.GetValue<string>().Should().Be("Second.");
    }

    [Fact]
    public async Task Hangup_in_reply_to_a_new_call_rejects_it_and_the_HANGUP_answer_is_ignored()
    {
        // "Rejecting a new inbound call with Hangup means it is not answered and not charged" (case-1); "on a single-leg
        // call the response is ignored" (hangup.html).
        var lambda = new FakeLambda(e => e["InvocationEventType"]!.GetValue<string>() == "NEW_INBOUND_CALL"
            ? Actions(Hangup("480"))
            : Actions(Speak(e, "Ignored.")));

        var call = await Emulator(lambda).RunCallAsync(new CallScript());

        call.Ending!.How.Should().Be("call rejected unanswered");
        lambda.Events.Select(e => e["InvocationEventType"]!.GetValue<string>()).Should().Equal("NEW_INBOUND_CALL", "HANGUP");
        call.HeardTexts.Should().BeEmpty();
    }

    [Fact]
    public async Task A_caller_hanging_up_while_bridged_leaves_LEG_B_to_the_Lambda()
    {
        // "If one call leg hangs up, the other call leg does not automatically hang up the call" (call-and-bridge.html)
        var lambda = new FakeLambda(e => e["InvocationEventType"]!.GetValue<string>() == "NEW_INBOUND_CALL"
            ? Actions(Bridge(e, "600300", null))
            : new JsonObject { ["SchemaVersion"] = "1.0" });

        var call = await Emulator(lambda).RunCallAsync(new CallScript());

        var callerGone = lambda.Events[2];
        LegTag(callerGone).Should().Be("LEG-A");
        callerGone["CallDetails"]!["Participants"]!.AsArray().Select(p => p!["Status"]!.GetValue<string>()).Should().Equal("Disconnected", "Connected");
        call.Violations.Should().Contain("LEG-B was left connected after the caller hung up");
        call.Ending!.How.Should().Be("caller hung up");
    }

    [Fact]
    public async Task A_scripted_hang_up_cue_ends_the_call_right_after_the_words()
    {
        var lambda = new FakeLambda(e => e["InvocationEventType"]!.GetValue<string>() == "NEW_INBOUND_CALL"
            ? Actions(Speak(e, "Please hold."), Speak(e, "Still there?"))
            : Actions(Hangup()));

        var call = await Emulator(lambda).RunCallAsync(new CallScript { HangUpAfterHearing = "hold" });

        call.HeardTexts.Should().Equal("Please hold.");
        LegTag(lambda.Events[1]).Should().Be("LEG-A");
        call.Ending!.How.Should().Be("caller hung up");
    }

    [Fact]
    public async Task Words_followed_by_silence_are_dead_air()
    {
        var lambda = new FakeLambda(e => e["InvocationEventType"]!.GetValue<string>() == "NEW_INBOUND_CALL"
            ? Actions(Speak(e, "Thank you for calling."))
            : new JsonObject { ["SchemaVersion"] = "1.0" });

        var call = await Emulator(lambda).RunCallAsync(new CallScript());

        call.DeadAir.Should().ContainSingle().Which.After.Should().Be("Thank you for calling.");
        call.DeadAir[0].DurationMs.Should().BeGreaterThan(SimulatedLine.DeadAirThresholdMs);
    }

    [Fact]
    public async Task A_question_before_the_bot_listens_is_not_dead_air_but_a_statement_is()
    {
        foreach (var (text, deadAir) in new[] { ("Which department would you like?", false), ("Thank you for calling.", true) })
        {
            var hook = new Func<JsonObject, CancellationToken, Task<JsonObject>>((_, _) => Task.FromResult(JsonNode.Parse(
                """{"sessionState":{"dialogAction":{"type":"Close"},"intent":{"name":"RouteCall","state":"Fulfilled"}}}""")!.AsObject()));
            var lex = new LexRuntimeEmulator(await SynthesizedBot.DefinitionAsync(), hook);
            var lambda = new FakeLambda(e => e["InvocationEventType"]!.GetValue<string>() == "NEW_INBOUND_CALL"
                ? Actions(Speak(e, text), StartBot(e, lex))
                : Actions(Hangup()));
            var sma = new SmaEmulator(lex, lambda.InvokeAsync, new SmaEmulatorOptions { VoiceConnectorArns = [VoiceConnector] });

            var call = await sma.RunCallAsync(new CallScript { Inputs = [new CallerInput.Say("history")] });

            call.DeadAir.Should().HaveCount(deadAir ? 1 : 0, text);
            lambda.Events[1]["ActionData"]!["IntentResult"]!["SessionState"]!["Intent"]!["Name"]!.GetValue<string>().Should().Be("RouteCall");
        }
    }

    [Fact]
    public async Task The_bot_action_fails_for_an_unknown_bot_alias()
    {
        // "ResourceNotFound – A specified bot is not found." (start-bot-conversation.html)
        var lex = new LexRuntimeEmulator(await SynthesizedBot.DefinitionAsync(), (_, _) => throw new InvalidOperationException());
        var lambda = new FakeLambda(e => e["InvocationEventType"]!.GetValue<string>() == "NEW_INBOUND_CALL"
            ? Actions(new JsonObject
            {
                ["Type"] = "StartBotConversation",
                ["Parameters"] = new JsonObject { ["CallId"] = CallId(e), ["BotAliasArn"] = "arn:aws:lex:us-east-1:111111111111:bot-alias/OTHERBOT01/OTHERALIAS", ["LocaleId"] = "en_US" },
            })
            : Actions(Hangup()));

        await new SmaEmulator(lex, lambda.InvokeAsync).RunCallAsync(new CallScript());

        lambda.Events[1]["ActionData"]!["ErrorType"]!.GetValue<string>().Should().Be("ResourceNotFound");
    }

    [Fact]
    public async Task A_late_event_answered_with_words_for_a_departed_caller_is_a_violation()
    {
        var lambda = new FakeLambda(e => e["InvocationEventType"]!.GetValue<string>() switch
        {
            "NEW_INBOUND_CALL" => Actions(Speak(e, "Hello.")),
            "ACTION_FAILED" => Actions(Speak(e, "Sorry."), Hangup()),
            _ => new JsonObject { ["SchemaVersion"] = "1.0" },
        });

        var call = await Emulator(lambda).RunCallAsync(new CallScript { LateEvent = true });

        var late = lambda.Events[^1];
        late["InvocationEventType"]!.GetValue<string>().Should().Be("ACTION_FAILED");
        late["CallDetails"]!["Participants"]![0]!["Status"]!.GetValue<string>().Should().Be("Disconnected");
        call.Violations.Should().ContainSingle(v => v.Contains("late ACTION_FAILED", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failing_Lambda_ends_the_call()
    {
        var call = await Emulator(new FakeLambda(_ => throw new HttpRequestException("500"))).RunCallAsync(new CallScript());

        call.Ending!.How.Should().Be("SMA hung up: Lambda error");
        call.Violations.Should().ContainSingle();
    }

    [Fact]
    public void A_call_script_reads_from_json()
    {
        var script = CallScript.Parse("""
            { "caller": "+15555550111", "inputs": ["say history", "dtmf 2#", "#3#", "silence", "hangup"],
              "bridges": { "600300": "busy" }, "agent": { "hangsUp": true, "talkSeconds": 5 },
              "faults": [ { "action": "Speak", "occurrence": 2, "errorType": "ActionExecutionThrottled" } ] }
            """);

        script.CallerNumber.Should().Be("+15555550111");
        script.Inputs.Should().Equal(new CallerInput.Say("history"), new CallerInput.Keys("2#"), new CallerInput.Keys("3#"), new CallerInput.Silence(), new CallerInput.HangUp());
        script.Bridges["600300"].Should().Be(BridgeOutcome.Busy);
        script.Agent.Should().Be(new AgentBehaviour(true, 4, 5));
        script.Faults.Single().Should().Be(new ActionFault("Speak", 2, "ActionExecutionThrottled", "Injected failure"));
    }

    // ------------------------------------------------------------------ helpers

    private static SmaEmulator Emulator(FakeLambda lambda) =>
        new(null, lambda.InvokeAsync, new SmaEmulatorOptions { VoiceConnectorArns = [VoiceConnector] });

    private static string CallId(JsonObject e) => e["CallDetails"]!["Participants"]![0]!["CallId"]!.GetValue<string>();

    private static string? LegTag(JsonObject e) => e["ActionData"]?["Parameters"]?["ParticipantTag"]?.GetValue<string>();

    private static JsonObject Actions(params JsonObject[] actions) => Actions(actions, null);

    private static JsonObject Actions(JsonObject[] actions, JsonObject? attributes)
    {
        var response = new JsonObject { ["SchemaVersion"] = "1.0", ["Actions"] = new JsonArray(actions.Select(a => (JsonNode?)a).ToArray()) };
        if (attributes is not null)
        {
            response["TransactionAttributes"] = attributes;
        }

        return response;
    }

    private static JsonObject Speak(JsonObject e, string text) => new()
    {
        ["Type"] = "Speak",
        ["Parameters"] = new JsonObject { ["CallId"] = CallId(e), ["Text"] = text, ["Engine"] = "neural", ["VoiceId"] = "Joanna" },
    };

    private static JsonObject Pause() => new() { ["Type"] = "Pause", ["Parameters"] = new JsonObject { ["DurationInMilliseconds"] = 100 } };

    private static JsonObject Hangup(string code = "0") => new() { ["Type"] = "Hangup", ["Parameters"] = new JsonObject { ["SipResponseCode"] = code } };

    private static JsonObject StartBot(JsonObject e, LexRuntimeEmulator lex) => new()
    {
        ["Type"] = "StartBotConversation",
        ["Parameters"] = new JsonObject { ["CallId"] = CallId(e), ["BotAliasArn"] = lex.BotAliasArn, ["LocaleId"] = "en_US" },
    };

    private static JsonObject Bridge(JsonObject e, string uri, JsonObject? headers, bool pstn = false, string? callerId = null)
    {
        var endpoint = pstn
            ? new JsonObject { ["BridgeEndpointType"] = "PSTN", ["Uri"] = uri }
            : new JsonObject { ["BridgeEndpointType"] = "AWS", ["Arn"] = VoiceConnector, ["Uri"] = uri };
        var parameters = new JsonObject
        {
            ["CallTimeoutSeconds"] = 30,
            ["CallerIdNumber"] = callerId ?? e["CallDetails"]!["Participants"]![0]!["From"]!.GetValue<string>(),
            ["Endpoints"] = new JsonArray(endpoint),
        };
        if (headers is not null)
        {
            parameters["SipHeaders"] = headers;
        }

        return new JsonObject { ["Type"] = "CallAndBridge", ["Parameters"] = parameters };
    }

    private sealed class FakeLambda(Func<JsonObject, JsonObject?> answer)
    {
        public List<JsonObject> Events { get; } = [];

        public Task<JsonObject?> InvokeAsync(JsonObject e, CancellationToken cancellationToken)
        {
            Events.Add((JsonObject)e.DeepClone());
            return Task.FromResult(answer(e));
        }
    }
}
