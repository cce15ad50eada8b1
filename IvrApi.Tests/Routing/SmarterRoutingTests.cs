using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using IvrApi.Departments;
using IvrApi.Routing;
using IvrApi.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace IvrApi.Tests.Routing;

/// <summary>Near-miss confirmation, the keypad, business hours and caller rules, end to end through /lex-hook and /sma.</summary>
public sealed class SmarterRoutingTests
{
    // Sunday 2026-11-22, 15:00 in New York: inside "Mon-Sun 09:00-17:00", outside "Mon-Fri".
    private static readonly DateTimeOffset SundayAfternoon = DateTimeOffset.Parse("2026-11-22T20:00:00Z", CultureInfo.InvariantCulture);

    private static readonly Department Science = new("science", DepartmentService.VoiceConnector, "600100");
    private static readonly Department Art = new("art", DepartmentService.VoiceConnector, "600200");
    private static readonly Department History = new("history", DepartmentService.VoiceConnector, "600300");
    private static readonly Department Math = new("math", DepartmentService.VoiceConnector, "600400") { Synonyms = ["mathematics"] };

    [Fact]
    public async Task A_near_miss_is_confirmed_before_routing()
    {
        using var app = App();

        var answer = await Fixtures.LexAsync(app, Heard("histery"));

        DialogType(answer).Should().Be("ConfirmIntent");
        Message(answer).Should().Be("Did you say history?");
        Slot(answer).GetProperty("value").GetProperty("interpretedValue").GetString().Should().Be("history");
    }

    [Fact]
    public async Task A_confirmed_near_miss_routes_and_a_denied_one_is_asked_again_as_a_miss()
    {
        using var app = App();

        var yes = await Fixtures.LexAsync(app, Confirmation(Heard("history"), "Confirmed"));
        var no = await Fixtures.LexAsync(app, Confirmation(Heard("history"), "Denied"));

        DialogType(yes).Should().Be("Close");
        Attributes(yes)["department"].Should().Be("history");
        DialogType(no).Should().Be("ElicitSlot");
        Message(no).Should().StartWith("Sorry about that.");
        Attributes(no)["failure_count"].Should().Be("1");
    }

    [Fact]
    public async Task A_denied_department_reaching_fulfilment_is_never_routed()
    {
        using var app = App();
        var turn = Confirmation(Heard("history"), "Denied");
        turn["invocationSource"] = "FulfillmentCodeHook";
        turn["sessionState"]!["intent"]!["state"] = "ReadyForFulfillment";

        var answer = await Fixtures.LexAsync(app, turn);

        DialogType(answer).Should().Be("ElicitSlot", "the caller said no to history");
        Attributes(answer).Should().NotContainKey("department");
        Attributes(answer)["failure_count"].Should().Be("1");
    }

    [Theory]
    [InlineData("2", "art")]
    [InlineData("3#", "history")]
    public async Task Keys_pressed_choose_by_menu_position(string keys, string department)
    {
        using var app = App();
        var turn = Fixtures.Lex("dtmf-input");
        turn["inputTranscript"] = keys;

        var answer = await Fixtures.LexAsync(app, turn);

        DialogType(answer).Should().Be("Close");
        Slot(answer).GetProperty("value").GetProperty("interpretedValue").GetString().Should().Be(department);
    }

    [Fact]
    public async Task Keys_follow_the_menu_the_caller_heard_not_the_directory_as_it_is_now()
    {
        // The caller heard "1 for math, 2 for history"; the directory has since been reordered.
        using var app = App();
        var turn = Fixtures.Lex("dtmf-input");
        turn["inputTranscript"] = "2";
        turn["sessionState"]!["sessionAttributes"]!["menu"] = "math history";

        var answer = await Fixtures.LexAsync(app, turn);

        Attributes(answer)["department"].Should().Be("history");
    }

    [Fact]
    public async Task A_wrong_key_is_a_miss_and_the_retry_lists_the_keys()
    {
        using var app = App();
        var turn = Fixtures.Lex("dtmf-input");
        turn["inputTranscript"] = "7";

        var answer = await Fixtures.LexAsync(app, turn);

        DialogType(answer).Should().Be("ElicitSlot");
        Attributes(answer)["failure_count"].Should().Be("1");
        Message(answer).Should().EndWith("Press 1 for science, 2 for art, 3 for history, or 4 for math.");
    }

    [Fact]
    public async Task After_a_fallback_the_transcript_is_still_understood()
    {
        using var app = App();
        var turn = Fixtures.Lex("fallback-intent");
        turn["inputTranscript"] = "I want the mathematics department please";

        var answer = await Fixtures.LexAsync(app, turn);

        // FallbackIntent is only ever fulfilled: the fulfilment event is where the transcript is understood.
        DialogType(answer).Should().Be("Close");
        answer.GetProperty("sessionState").GetProperty("intent").GetProperty("name").GetString().Should().Be("FallbackIntent");
        Attributes(answer).Should().Contain("route", "department").And.Contain("department", "math");
    }

    [Fact]
    public async Task A_fallback_that_is_not_understood_asks_again_on_the_routing_slot_with_the_menu()
    {
        using var app = App();
        var turn = Fixtures.Lex("fallback-intent");
        turn["inputTranscript"] = "blah blah";

        var answer = await Fixtures.LexAsync(app, turn);

        DialogType(answer).Should().Be("ElicitSlot");
        answer.GetProperty("sessionState").GetProperty("intent").GetProperty("name").GetString().Should().Be("RouteCall");
        Attributes(answer)["failure_count"].Should().Be("1");
        Message(answer).Should().EndWith("Press 1 for science, 2 for art, 3 for history, or 4 for math.");
    }

    [Fact]
    public async Task Two_departments_at_once_are_asked_again_never_guessed()
    {
        using var app = App();

        var answer = await Fixtures.LexAsync(app, Heard("art history"));

        DialogType(answer).Should().Be("ElicitSlot");
        Message(answer).Should().StartWith("Sorry, I'm not sure which department you mean.");
    }

    [Fact]
    public async Task A_name_of_several_words_is_said_as_words_and_sent_to_the_pbx_as_one()
    {
        var service = DepartmentRules.TryCreate("customer_service", "voiceConnector", "600500", ["customer service"], out _)!;
        using var app = App(rules: []).WithServices(s => s.AddSingleton<IDirectoryStore>(new ScriptedDirectoryStore(service)));

        var hook = await Fixtures.LexAsync(app, Heard("customer service please"));
        var call = await Fixtures.SmaAsync(app, Fixtures.BotResult("customer_service"));

        Slot(hook).GetProperty("value").GetProperty("interpretedValue").GetString().Should().Be("customer_service");
        Fixtures.Actions(call)[0].Parameters.GetProperty("Text").GetString().Should().Be("Connecting you to the customer service department.");
        Fixtures.Actions(call)[1].Parameters.GetProperty("SipHeaders").GetProperty("X-LexInfo").GetString().Should().Be("customer_service");
    }

    [Fact]
    public async Task An_open_department_is_bridged()
    {
        using var app = App(History with { Hours = Hours("Mon-Sun 09:00-17:00", "message:Goodbye.") });

        var answer = await Fixtures.SmaAsync(app, Fixtures.BotResult("history"));

        Fixtures.Types(answer).Should().Be("Speak,CallAndBridge");
        Fixtures.Actions(answer)[0].Parameters.GetProperty("Text").GetString().Should().Be("Connecting you to the history department.");
    }

    [Fact]
    public async Task A_closed_department_says_so_and_takes_its_after_hours_department()
    {
        using var app = App(History with { Hours = Hours("Mon-Fri 09:00-17:00", "department:art") });

        var answer = await Fixtures.SmaAsync(app, Fixtures.BotResult("history"));

        Fixtures.Types(answer).Should().Be("Speak,CallAndBridge");
        Fixtures.Actions(answer)[0].Parameters.GetProperty("Text").GetString()
            .Should().Be("Sorry, the history department is closed right now. Let me connect you to the art department.");
        var bridge = Fixtures.Actions(answer)[1].Parameters;
        bridge.GetProperty("Endpoints")[0].GetProperty("Uri").GetString().Should().Be("600200");
        bridge.GetProperty("SipHeaders").GetProperty("X-LexInfo").GetString().Should().Be("art");
    }

    [Fact]
    public async Task A_closed_department_can_transfer_to_a_pstn_number()
    {
        using var app = App(History with { Hours = Hours("Mon-Fri 09:00-17:00", "pstn:+15555550177") });

        var answer = await Fixtures.SmaAsync(app, Fixtures.BotResult("history"));

        var endpoint = Fixtures.Actions(answer)[1].Parameters.GetProperty("Endpoints")[0];
        endpoint.GetProperty("BridgeEndpointType").GetString().Should().Be("PSTN");
        endpoint.GetProperty("Uri").GetString().Should().Be("+15555550177");
    }

    [Fact]
    public async Task A_closed_department_can_leave_a_message_and_hang_up()
    {
        using var app = App(History with { Hours = Hours("Mon-Fri 09:00-17:00", "message:Please call back on Monday from nine. Goodbye.") });

        var answer = await Fixtures.SmaAsync(app, Fixtures.BotResult("history"));

        Fixtures.Types(answer).Should().Be("Speak,Hangup");
        Fixtures.Actions(answer)[0].Parameters.GetProperty("Text").GetString()
            .Should().Be("Sorry, the history department is closed right now. Please call back on Monday from nine. Goodbye.");
    }

    [Fact]
    public async Task Opening_hours_are_decided_once_by_the_call_router_after_the_bot_chose_the_department()
    {
        using var app = App(History with { Hours = Hours("Mon-Fri 09:00-17:00", "department:art") });

        var hook = await Fixtures.LexAsync(app, Heard("history"));
        var call = Fixtures.BotResult("history");
        call["ActionData"]!["IntentResult"]!["SessionState"]!["SessionAttributes"] = JsonNode.Parse(
            answerAttributes(hook));
        var answer = await Fixtures.SmaAsync(app, call);

        // The bot closes silently with its choice; the closed message and the after-hours route come from one decision.
        hook.GetProperty("messages").GetArrayLength().Should().Be(0);
        Attributes(hook)["department"].Should().Be("history");
        Fixtures.Types(answer).Should().Be("Speak,CallAndBridge");
        Fixtures.Actions(answer)[0].Parameters.GetProperty("Text").GetString()
            .Should().Be("Sorry, the history department is closed right now. Let me connect you to the art department.");
        Fixtures.Actions(answer)[1].Parameters.GetProperty("Endpoints")[0].GetProperty("Uri").GetString().Should().Be("600200");

        static string answerAttributes(JsonElement hook) => hook.GetProperty("sessionState").GetProperty("sessionAttributes").GetRawText();
    }

    [Fact]
    public async Task The_department_the_bot_decided_wins_over_what_its_slot_heard()
    {
        using var app = App();
        var call = Fixtures.BotResult("histery");
        call["ActionData"]!["IntentResult"]!["SessionState"]!["SessionAttributes"] = new JsonObject { ["route"] = "department", ["department"] = "art" };

        var answer = await Fixtures.SmaAsync(app, call);

        Fixtures.Actions(answer).Single(a => a.Type == "CallAndBridge").Parameters.GetProperty("SipHeaders")
            .GetProperty("X-LexInfo").GetString().Should().Be("art");
    }

    [Fact]
    public async Task A_block_rule_ends_the_call_with_its_message_before_the_bot()
    {
        using var app = App(rules: Rule("spam", 1, callerPrefix: "+1555555", action: "block", message: "This number cannot be reached from your line. Goodbye."));

        var answer = await Fixtures.SmaAsync(app, Fixtures.Sma("new-inbound-call"));

        Fixtures.Types(answer).Should().Be("Speak,Hangup");
        Fixtures.Actions(answer)[0].Parameters.GetProperty("Text").GetString().Should().StartWith("This number cannot be reached");
    }

    [Fact]
    public async Task A_route_rule_on_the_dialled_number_goes_straight_to_its_department()
    {
        using var app = App(rules: Rule("math-line", 1, calledNumber: "+15555550101", action: "route", department: "math"));

        var answer = await Fixtures.SmaAsync(app, Fixtures.Sma("new-inbound-call"));

        Fixtures.Types(answer).Should().Be("Speak,CallAndBridge");
        Fixtures.Actions(answer)[0].Parameters.GetProperty("Text").GetString().Should().Be("Thank you for calling. Connecting you to the math department.");
        Fixtures.Actions(answer)[1].Parameters.GetProperty("Endpoints")[0].GetProperty("Uri").GetString().Should().Be("600400");
    }

    [Fact]
    public async Task Rules_apply_in_order_and_only_when_every_condition_holds()
    {
        using var app = App(rules:
        [
            .. Rule("second", 2, callerPrefix: "+1", action: "route", department: "art"),
            .. Rule("first", 1, callerNumber: "+15555550100", action: "route", department: "science"),
            .. Rule("never", 0, callerPrefix: "+44", action: "block", message: "No."),
            .. Rule("other-line", 0, callerPrefix: "+1", calledNumber: "+15555550999", action: "block", message: "No."),
        ]);

        var answer = await Fixtures.SmaAsync(app, Fixtures.Sma("new-inbound-call"));

        Fixtures.Actions(answer)[1].Parameters.GetProperty("Endpoints")[0].GetProperty("Uri").GetString().Should().Be("600100");
    }

    [Fact]
    public async Task A_prefer_rule_has_the_bot_ask_about_its_department_with_the_proposal_in_the_session()
    {
        var preloader = new RecordingPreloader();
        using var app = App(rules: Rule("vip", 1, callerPrefix: "+1555", action: "prefer", department: "history"))
            .WithServices(s => s.AddSingleton<IBotSessionPreloader>(preloader));

        var answer = SmaAnswer.Read(await Fixtures.SmaAsync(app, Fixtures.Sma("new-inbound-call")));

        preloader.Proposed.Should().Equal("history");
        answer.Types.Should().Be("StartBotConversation", "the bot's own prompt can be answered before it ends; a Speak cannot");
        answer.Bot.DialogAction.Should().Be("ElicitIntent");
        answer.Bot.WelcomeMessages.Should().Equal("Thank you for calling. Are you calling about the history department?");
        answer.Bot.SessionAttributes.Should().Contain("proposed", "history");
    }

    [Fact]
    public async Task Callers_no_rule_matches_meet_the_bot()
    {
        using var app = App(rules: Rule("uk", 1, callerPrefix: "+44", action: "block", message: "No."));

        var answer = await Fixtures.SmaAsync(app, Fixtures.Sma("new-inbound-call"));

        Fixtures.Types(answer).Should().Be("StartBotConversation");
    }

    private static IvrApiFactory App(Department? replaced = null, params CallerRule[] rules)
    {
        Department[] departments = [Science, Art, History, Math];
        var store = new ScriptedDirectoryStore(departments.Select(d => d.Name == replaced?.Name ? replaced : d).ToArray());
        store.Rules.AddRange(rules);
        var clock = new FakeTimeProvider(SundayAfternoon);
        return new IvrApiFactory().WithServices(s =>
        {
            s.AddSingleton<IDirectoryStore>(store);
            s.AddSingleton<TimeProvider>(clock);
        });
    }

    private static OpeningHours Hours(string weekly, string afterHours) =>
        OpeningHoursRules.TryParse("America/New_York", weekly, null, afterHours, null, null, out _)!;

    private static CallerRule[] Rule(string id, int order, string? callerPrefix = null, string? callerNumber = null, string? calledNumber = null, string action = "route", string? department = null, string? message = null)
    {
        var rule = CallerRules.TryCreate(id, order, callerPrefix, callerNumber, calledNumber, action, department, message, out var error);
        error.Should().BeNull();
        return [rule!];
    }

    private static JsonObject Heard(string heard)
    {
        var turn = Fixtures.Lex("dialog-hook-department-valid");
        var value = turn["sessionState"]!["intent"]!["slots"]!["Department"]!["value"]!.AsObject();
        value["originalValue"] = heard;
        value["interpretedValue"] = heard;
        value["resolvedValues"] = new JsonArray();
        turn["inputTranscript"] = heard;
        return turn;
    }

    private static JsonObject Confirmation(JsonObject turn, string state)
    {
        turn["sessionState"]!["intent"]!["confirmationState"] = state;
        return turn;
    }

    private static string? DialogType(JsonElement answer) => answer.GetProperty("sessionState").GetProperty("dialogAction").GetProperty("type").GetString();

    private static string? Message(JsonElement answer) => answer.GetProperty("messages")[0].GetProperty("content").GetString();

    private static JsonElement Slot(JsonElement answer) => answer.GetProperty("sessionState").GetProperty("intent").GetProperty("slots").GetProperty("Department");

    private static Dictionary<string, string> Attributes(JsonElement answer) =>
        answer.GetProperty("sessionState").GetProperty("sessionAttributes").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);

}
