using System.Globalization;
using IvrApi.Departments;
using IvrApi.Routing;
using IvrApi.Tests.TestSupport;
using IvrEmulators;
using IvrEmulators.Sma;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

using static IvrApi.Tests.Scenarios.ScenarioSchool;

namespace IvrApi.Tests.Scenarios;

/// <summary>
/// Whole calls through both emulators (Chime's SIP media application and Lex V2 running the bot deploy-cdk
/// synthesizes in this run), one per path a caller can take. Each asserts what the caller heard, where the call
/// ended, that no leg was left behind (the emulators' violations) and that the caller never sat in dead air. The
/// emulators play the defaults where the AWS pages are silent; <see cref="CallScenariosUnderReadings1"/> and its
/// siblings run every scenario again under the other readings (pairwise, <see cref="DocReadings.Pairwise"/>).
/// </summary>
[Collection(AwsEnvironmentCollection.Name)]
public class CallScenarioTests(ITestOutputHelper output)
{
    private const string Greeting = "Thank you for calling.";
    private const string Menu = "Press 1 for science, 2 for art, 3 for history, or 4 for math.";
    private const string Question = $"Which department would you like? {Menu}";
    private const string Operator = "000000";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_caller_who_names_a_department_hears_the_question_then_is_connected(bool preload)
    {
        var call = await CallAsync(Script("history"), preload);

        call.HeardTexts.Should().Equal($"{Greeting} {Question}", "Connecting you to the history department.");
        call.Heard[0].Source.Should().Be("bot", "the bot asks, preloaded or not, so the caller can answer before the question ends");
        BridgedTo(call).Should().Be(("600300", "history"));
        call.Ending!.ConnectedTo.Should().Be("600300");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_caller_who_presses_the_key_during_the_question_is_connected(bool preload)
    {
        var call = await CallAsync(Script("@1s #3"), preload);

        call.HeardTexts[0].Should().Be($"{Greeting} {Question}");
        BridgedTo(call).Should().Be(("600300", "history"));
        call.HeardTexts.Should().HaveCount(2, "the key pressed during the question is the answer: nothing is asked again");
        // One key is the whole answer (x-amz-lex:dtmf:max-length:*:* = 1): no wait for the 5 s DTMF end timeout.
        var pressed = call.CallerActs.First(a => a.Input is CallerInput.Keys).AtMs;
        call.Heard[1].AtMs.Should().BeLessThanOrEqualTo(pressed + 2000, "connecting starts promptly after the key ({0})", call.Heard[1].Text);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_caller_who_names_the_department_during_the_question_is_connected(bool preload)
    {
        var call = await CallAsync(Script("@2s history"), preload);

        BridgedTo(call).Should().Be(("600300", "history"));
        call.HeardTexts.Should().HaveCount(2, "the words said during the question are the answer: nothing is asked again");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_silent_caller_is_told_nothing_was_heard_and_goes_to_the_operator(bool preload)
    {
        var call = await CallAsync(Script("silence", "silence", "silence", "silence"), preload);

        call.HeardTexts[^1].Should().Be("I didn't hear anything. Let me connect you to an operator.", "they never named a department");
        call.HeardTexts.Should().NotContain(t => t.Contains("couldn't find", StringComparison.Ordinal));
        BridgedTo(call).Should().Be((Operator, "unknown"));
    }

    [Fact]
    public async Task A_caller_who_presses_a_key_during_the_retry_is_connected()
    {
        var call = await CallAsync(Script("geography", "@1s #4"), preload: true);

        BridgedTo(call).Should().Be(("600400", "math"));
    }

    [Fact]
    public async Task A_prefer_rule_answered_yes_goes_to_its_department()
    {
        var call = await CallAsync(Script("yes"), preload: true, School(rules: Rule("vip", "prefer", "history")));

        call.HeardTexts.Should().Equal($"{Greeting} Are you calling about the history department?", "Connecting you to the history department.");
        BridgedTo(call).Should().Be(("600300", "history"));
    }

    [Fact]
    public async Task A_prefer_rule_answered_no_asks_for_the_department()
    {
        var call = await CallAsync(Script("no", "art"), preload: true, School(rules: Rule("vip", "prefer", "history")));

        call.HeardTexts.Should().Equal(
            $"{Greeting} Are you calling about the history department?",
            $"Sorry about that. {Question}",
            "Connecting you to the art department.");
        BridgedTo(call).Should().Be(("600200", "art"));
    }

    [Fact]
    public async Task A_block_rule_says_its_message_and_hangs_up_without_a_bot_or_a_bridge()
    {
        var call = await CallAsync(Script(), preload: true, School(rules: Rule("spam", "block", message: "This line cannot take your call. Goodbye.")));

        call.HeardTexts.Should().Equal("This line cannot take your call. Goodbye.");
        call.Bridges.Should().BeEmpty();
        call.Exchanges.Should().NotContain(e => e.Kind == "lex-hook");
        call.Ending!.ConnectedTo.Should().BeNull();
    }

    [Fact]
    public async Task A_route_rule_connects_without_the_bot()
    {
        var call = await CallAsync(Script(), preload: true, School(rules: Rule("math-line", "route", "math")));

        call.HeardTexts.Should().Equal($"{Greeting} Connecting you to the math department.");
        BridgedTo(call).Should().Be(("600400", "math"));
    }

    [Theory]
    [InlineData("#3", "600300", "history")]
    [InlineData("#2#", "600200", "art")]
    public async Task A_key_from_the_menu_connects(string keys, string uri, string department)
    {
        var call = await CallAsync(Script(keys), preload: true);

        BridgedTo(call).Should().Be((uri, department));
    }

    [Fact]
    public async Task After_an_admin_deletes_a_department_the_menu_and_the_keys_move_together()
    {
        var store = new ScriptedDirectoryStore(Science, Art, History, ScenarioSchool.Math);
        store.Departments.Remove(Science);

        var call = await CallAsync(Script("#1"), preload: true, WithStore(store));

        call.HeardTexts[0].Should().Be($"{Greeting} Which department would you like? Press 1 for art, 2 for history, or 3 for math.");
        BridgedTo(call).Should().Be(("600200", "art"));
    }

    [Fact]
    public async Task A_wrong_key_is_asked_again_with_the_menu()
    {
        var call = await CallAsync(Script("#7", "#4"), preload: true);

        call.HeardTexts.Should().Equal($"{Greeting} {Question}", $"Sorry, I couldn't find that department. Can you try again? {Menu}", "Connecting you to the math department.");
        BridgedTo(call).Should().Be(("600400", "math"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Unknown_answers_are_asked_again_then_handed_to_the_operator(bool preload)
    {
        var call = await CallAsync(Script("geography", "astronomy", "biology"), preload);

        call.HeardTexts.Should().HaveCount(4);
        call.HeardTexts.Skip(1).Take(2).Should().OnlyContain(t => t.EndsWith(Menu, StringComparison.Ordinal), "every retry names the keys");
        call.HeardTexts[^1].Should().Be("Sorry, I couldn't find that department. Let me connect you to an operator.");
        BridgedTo(call).Should().Be((Operator, "unknown"));
    }

    [Fact]
    public async Task An_answer_the_bot_falls_back_on_is_asked_again_not_sent_to_the_operator()
    {
        var call = await CallAsync(Script("umm well I am not sure", "history"), preload: false);

        // Lex fulfils FallbackIntent (its only hook); the code hook must treat that as a miss, not as "route now".
        call.Exchanges.Should().Contain(e => e.Kind == "lex-hook"
            && (string?)e.Request["sessionState"]!["intent"]!["name"] == "FallbackIntent"
            && (string?)e.Request["invocationSource"] == "FulfillmentCodeHook");
        call.HeardTexts.Should().HaveCount(3);
        call.HeardTexts[1].Should().EndWith(Menu);
        BridgedTo(call).Should().Be(("600300", "history"));
    }

    [Fact]
    public async Task A_near_miss_confirmed_is_connected()
    {
        var call = await CallAsync(Script("histery", "yes"), preload: true);

        call.HeardTexts.Should().Equal($"{Greeting} {Question}", "Did you say history?", "Connecting you to the history department.");
        BridgedTo(call).Should().Be(("600300", "history"));
    }

    [Fact]
    public async Task A_near_miss_denied_is_never_connected_and_is_asked_again()
    {
        var call = await CallAsync(Script("histery", "no", "math"), preload: true);

        call.HeardTexts.Should().Equal($"{Greeting} {Question}", "Did you say history?", $"Sorry about that. {Question}", "Connecting you to the math department.");
        call.Bridges.Should().ContainSingle().Which.Uri.Should().Be("600400");
    }

    [Theory]
    [InlineData("department:art", "Sorry, the history department is closed right now. Let me connect you to the art department.", "600200", "art")]
    [InlineData("pstn:+15555550177", "Sorry, the history department is closed right now. Let me transfer your call.", "+15555550177", null)]
    [InlineData("department:geology", "Sorry, the history department is closed right now. Let me transfer your call.", Operator, "unknown")]
    public async Task After_hours_a_department_says_so_once_and_takes_its_after_hours_route(string afterHours, string heard, string uri, string? header)
    {
        var closed = History with { Hours = Hours(afterHours) };

        var call = await CallAsync(Script("history"), preload: true, School(closed));

        call.HeardTexts.Should().Equal($"{Greeting} {Question}", heard);
        BridgedTo(call).Should().Be((uri, header));
    }

    [Fact]
    public async Task After_hours_a_department_can_leave_a_message_and_hang_up()
    {
        var closed = History with { Hours = Hours("message:Please call back on Monday. Goodbye.") };

        var call = await CallAsync(Script("history"), preload: true, School(closed));

        call.HeardTexts[^1].Should().Be("Sorry, the history department is closed right now. Please call back on Monday. Goodbye.");
        call.Bridges.Should().BeEmpty();
        call.Ending!.ConnectedTo.Should().BeNull();
    }

    [Fact]
    public async Task A_bot_that_fails_hands_the_caller_to_the_operator_with_an_apology()
    {
        var call = await CallAsync(Script("history") with { Faults = [Fault("StartBotConversation", "ActionExecutionThrottled")] }, preload: true);

        call.HeardTexts[^1].Should().Be("Sorry, something went wrong. Let me connect you to an operator.");
        BridgedTo(call).Should().Be((Operator, "unknown"));
    }

    [Fact]
    public async Task The_question_is_the_bots_own_so_a_failing_speak_cannot_silence_it()
    {
        var call = await CallAsync(Script("history") with { Faults = [Fault("Speak", "ActionExecutionThrottled")] }, preload: true);

        call.Heard.Should().Contain(h => h.Source == "bot" && h.Text == $"{Greeting} {Question}");
        BridgedTo(call).Should().Be(("600300", "history"));
    }

    [Fact]
    public async Task Words_before_a_bridge_that_cannot_be_spoken_do_not_stop_the_bridge()
    {
        var call = await CallAsync(Script("history") with { Faults = [Fault("Speak", "ActionExecutionThrottled", occurrence: 2)] }, preload: true);

        BridgedTo(call).Should().Be(("600300", "history"));
    }

    [Fact]
    public async Task A_blocked_caller_whose_goodbye_fails_is_hung_up_never_bridged()
    {
        var call = await CallAsync(
            Script() with { Faults = [Fault("Speak", "ActionExecutionThrottled")] },
            preload: true,
            School(rules: Rule("spam", "block", message: "Goodbye.")));

        call.Bridges.Should().BeEmpty();
        call.Ending!.How.Should().NotContain("caller", "the application hangs up; the caller is not left waiting");
    }

    [Fact]
    public async Task An_unanswered_department_is_explained_and_the_operator_takes_the_call()
    {
        var call = await CallAsync(Script("history") with { Bridges = Outcomes(("600300", BridgeOutcome.NotAnswered)) }, preload: true);

        call.HeardTexts[^1].Should().Be("Sorry, nobody in the history department is available. Let me connect you to an operator.");
        call.Bridges.Select(b => (b.Uri, b.Outcome)).Should().Equal(("600300", "NotAnswered"), (Operator, "Answered"));
    }

    [Fact]
    public async Task An_unanswered_operator_ends_in_words_and_a_hang_up_never_a_loop()
    {
        var script = Script("history") with { Bridges = Outcomes(("600300", BridgeOutcome.Busy), (Operator, BridgeOutcome.NotAnswered)) };

        var call = await CallAsync(script, preload: true);

        call.HeardTexts[^1].Should().Be("Sorry, we can't connect your call right now. Please call again later. Goodbye.");
        call.Bridges.Select(b => b.Uri).Should().Equal("600300", Operator);
        call.Ending!.ConnectedTo.Should().BeNull();
    }

    [Fact]
    public async Task When_the_agent_hangs_up_the_caller_is_hung_up_too()
    {
        var call = await CallAsync(Script("history") with { Agent = new AgentBehaviour(AgentHangsUp: true) }, preload: true);

        call.Ending!.How.Should().Be("agent hung up");
    }

    [Fact]
    public async Task When_the_caller_hangs_up_during_the_bridge_the_agent_leg_is_hung_up()
    {
        var call = await CallAsync(Script("history") with { Agent = new AgentBehaviour(AgentHangsUp: false) }, preload: true);

        call.Ending!.How.Should().Be("caller hung up");
    }

    [Fact]
    public async Task An_event_after_the_caller_left_starts_nothing()
    {
        var call = await CallAsync(Script("hangup") with { LateEvent = true }, preload: true);

        call.Bridges.Should().BeEmpty();
        call.Ending!.How.Should().Be("caller hung up");
    }

    /// <summary>Where the AWS pages are silent, the readings the emulators play in this run of the scenarios.</summary>
    protected virtual DocReadings Readings => DocReadings.Default;

    /// <summary>Runs one call and checks what every call must satisfy.</summary>
    private async Task<CallRecord> CallAsync(CallScript script, bool preload, IvrApiFactory? app = null)
    {
        await using var ivr = await EmulatedIvr.StartAsync(preload, app, Readings);
        var call = await ivr.CallAsync(script);
        output.WriteLine($"readings: {Readings}");
        output.WriteLine(call.ToText());
        return Checked(call);
    }

    private static CallScript Script(params string[] inputs) => new() { Inputs = inputs.Select(CallerInput.Parse).ToList() };

    private static ActionFault Fault(string action, string errorType, int occurrence = 1) => new(action, occurrence, errorType, "Injected by the scenario");

    private static Dictionary<string, BridgeOutcome> Outcomes(params (string Uri, BridgeOutcome Outcome)[] outcomes) =>
        outcomes.ToDictionary(o => o.Uri, o => o.Outcome, StringComparer.Ordinal);

    /// <summary>Where the last bridge went, with its X-LexInfo.</summary>
    private static (string Uri, string? Header) BridgedTo(CallRecord call)
    {
        var bridge = AnsweredBridge(call);
        return (bridge.Uri, bridge.SipHeaders.GetValueOrDefault("X-LexInfo"));
    }

    private static OpeningHours Hours(string afterHours) =>
        OpeningHoursRules.TryParse("America/New_York", "Mon-Fri 09:00-17:00", null, afterHours, null, null, out _)!;

    private static CallerRule Rule(string id, string action, string? department = null, string? message = null) =>
        CallerRules.TryCreate(id, 1, "+1555", null, null, action, department, message, out _)!;
}
