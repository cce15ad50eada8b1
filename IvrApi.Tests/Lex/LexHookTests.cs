using System.Text.Json;
using System.Text.Json.Nodes;
using IvrApi.Departments;
using IvrApi.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace IvrApi.Tests.Lex;

/// <summary>Every code hook path, through the real HTTP pipeline, each answer checked against Lex's response rules.</summary>
public sealed class LexHookTests(IvrApiFactory app) : IClassFixture<IvrApiFactory>
{
    [Fact]
    public async Task A_known_department_closes_fulfilled_with_the_canonical_name_in_the_slot()
    {
        var answer = await Fixtures.LexAsync(app, Fixtures.Lex("dialog-hook-department-valid"));

        DialogType(answer).Should().Be("Close");
        Intent(answer).GetProperty("state").GetString().Should().Be("Fulfilled");
        answer.GetProperty("messages").GetArrayLength().Should().Be(0, "the call router says the words once it has decided the hours");
        Attributes(answer).Should().Contain("route", "department").And.Contain("department", "history");
        var value = Intent(answer).GetProperty("slots").GetProperty("Department").GetProperty("value");
        value.GetProperty("interpretedValue").GetString().Should().Be("history");
        value.GetProperty("resolvedValues").EnumerateArray().Select(v => v.GetString()).Should().Equal("history");
        Attributes(answer).Should().ContainKey("phoneNumber").WhoseValue.Should().Be("+15555550123");
    }

    [Fact]
    public async Task Speech_in_another_case_still_routes_and_the_slot_carries_the_canonical_name()
    {
        var answer = await Fixtures.LexAsync(app, WithHeard(Fixtures.Lex("dialog-hook-department-valid"), " HISTORY "));

        DialogType(answer).Should().Be("Close");
        Intent(answer).GetProperty("slots").GetProperty("Department").GetProperty("value")
            .GetProperty("interpretedValue").GetString().Should().Be("history");
    }

    [Theory]
    [InlineData("dialog-hook-department-unknown", "1")]
    [InlineData("dialog-hook-with-failure-count-1", "2")]
    public async Task An_unknown_department_is_asked_again_and_counted_as_a_string(string fixture, string expectedCount)
    {
        var answer = await Fixtures.LexAsync(app, Fixtures.Lex(fixture));

        DialogType(answer).Should().Be("ElicitSlot");
        answer.GetProperty("sessionState").GetProperty("dialogAction").GetProperty("slotToElicit").GetString().Should().Be("Department");
        Intent(answer).GetProperty("name").GetString().Should().Be("RouteCall");
        Intent(answer).GetProperty("slots").GetProperty("Department").ValueKind.Should().Be(JsonValueKind.Null);
        Attributes(answer)["failure_count"].Should().Be(expectedCount);
        Message(answer).Should().Be("Sorry, I couldn't find that department. Can you try again? Press 1 for science, 2 for art, 3 for history, or 4 for math.");
    }

    [Fact]
    public async Task An_empty_slot_with_words_nobody_can_place_is_asked_again()
    {
        var answer = await Fixtures.LexAsync(app, Fixtures.Lex("dialog-hook-slot-empty"));

        DialogType(answer).Should().Be("ElicitSlot");
        Attributes(answer)["failure_count"].Should().Be("1");
        Message(answer).Should().StartWith("Sorry, I couldn't find that department.");
    }

    [Fact]
    public async Task Silence_is_asked_again_with_different_words()
    {
        var turn = Fixtures.Lex("dialog-hook-slot-empty");
        turn["inputTranscript"] = "";

        var answer = await Fixtures.LexAsync(app, turn);

        DialogType(answer).Should().Be("ElicitSlot");
        Message(answer).Should().StartWith("Sorry, I didn't catch");
    }

    [Fact]
    public async Task At_the_retry_limit_the_caller_is_handed_to_the_operator()
    {
        var answer = await Fixtures.LexAsync(app, Fixtures.Lex("dialog-hook-with-failure-count-2"));

        DialogType(answer).Should().Be("Close");
        Intent(answer).GetProperty("state").GetString().Should().Be("Fulfilled");
        Intent(answer).GetProperty("slots").GetProperty("Department").ValueKind.Should().Be(JsonValueKind.Null);
        Attributes(answer)["route"].Should().Be("operator");
        Attributes(answer)["failure_count"].Should().Be("3");
        Message(answer).Should().Contain("operator");
    }

    [Theory]
    [InlineData(null, "ElicitSlot", "1")]
    [InlineData("1", "ElicitSlot", "2")]
    [InlineData("2", "Close", "3")]
    [InlineData("3", "Close", "4")]
    [InlineData("17", "Close", "18")]
    [InlineData("not a number", "ElicitSlot", "1")]
    public async Task The_fallback_intent_counts_misses_the_same_way_at_any_count(string? count, string dialog, string expected)
    {
        var turn = Fixtures.Lex("fallback-intent-failure-count-3");
        var attributes = turn["sessionState"]!["sessionAttributes"]!.AsObject();
        attributes.Remove("failure_count");
        if (count is not null)
        {
            attributes["failure_count"] = count;
        }

        var answer = await Fixtures.LexAsync(app, turn);

        DialogType(answer).Should().Be(dialog);
        Attributes(answer)["failure_count"].Should().Be(expected);
        if (dialog == "ElicitSlot")
        {
            // The fallback is turned back into the routing intent's question.
            Intent(answer).GetProperty("name").GetString().Should().Be("RouteCall");
        }
    }

    [Fact]
    public async Task The_fulfilment_hook_closes_fulfilled()
    {
        var answer = await Fixtures.LexAsync(app, Fixtures.Lex("fulfillment-hook"));

        DialogType(answer).Should().Be("Close");
        Intent(answer).GetProperty("state").GetString().Should().Be("Fulfilled");
    }

    [Fact]
    public async Task Every_session_attribute_comes_back_as_a_string()
    {
        var turn = Fixtures.Lex("dialog-hook-department-unknown");
        turn["sessionState"]!["sessionAttributes"] = new JsonObject
        {
            ["phoneNumber"] = "+15555550123",
            ["x-amz-lex:audio:start-timeout-ms:*:*"] = "4000",
            ["failure_count"] = 1,
        };

        var answer = await Fixtures.LexAsync(app, turn);

        var attributes = Attributes(answer);
        attributes["x-amz-lex:audio:start-timeout-ms:*:*"].Should().Be("4000");
        attributes["phoneNumber"].Should().Be("+15555550123");
        attributes["failure_count"].Should().Be("2");
    }

    [Fact]
    public async Task An_unavailable_directory_hands_over_honestly_without_counting_a_miss()
    {
        using var factory = new IvrApiFactory()
            .With("Directory:Timeout", "00:00:00.2")
            .WithServices(s => s.AddSingleton<IDirectoryStore, HangingDirectoryStore>());

        var answer = await Fixtures.LexAsync(factory, Fixtures.Lex("dialog-hook-with-failure-count-1"));

        DialogType(answer).Should().Be("Close");
        Attributes(answer)["route"].Should().Be("operator");
        Attributes(answer)["failure_count"].Should().Be("1");
        Message(answer).Should().Contain("can't look up departments").And.NotContain("couldn't find");
    }

    [Fact]
    public async Task The_retry_limit_is_a_setting()
    {
        using var factory = new IvrApiFactory().With("Routing:MaxRetries", "0");

        var answer = await Fixtures.LexAsync(factory, Fixtures.Lex("dialog-hook-department-unknown"));

        DialogType(answer).Should().Be("Close");
        Attributes(answer)["route"].Should().Be("operator");
    }

    [Fact]
    public async Task Silence_at_the_retry_limit_hands_over_in_its_own_words()
    {
        using var factory = new IvrApiFactory().With("Routing:MaxRetries", "0");
        var turn = Fixtures.Lex("dialog-hook-slot-empty");
        turn["inputTranscript"] = "";

        var answer = await Fixtures.LexAsync(factory, turn);

        DialogType(answer).Should().Be("Close");
        Message(answer).Should().Be("I didn't hear anything. Let me connect you to an operator.", "the caller named no department");
    }

    [Theory]
    [InlineData("yes please", "Close")]
    [InlineData("no", "ElicitSlot")]
    public async Task A_caller_rules_proposal_is_answered_yes_or_no_in_the_first_turn_and_then_dropped(string said, string dialogAction)
    {
        var turn = Fixtures.Lex("dialog-hook-slot-empty");
        turn["inputTranscript"] = said;
        turn["sessionState"]!["sessionAttributes"]!["proposed"] = "history";

        var answer = await Fixtures.LexAsync(app, turn);

        DialogType(answer).Should().Be(dialogAction);
        Attributes(answer).Should().NotContainKey("proposed", "only the first answer answers the proposal");
        if (dialogAction == "Close")
        {
            Attributes(answer).Should().Contain("route", "department").And.Contain("department", "history");
        }
        else
        {
            Message(answer).Should().StartWith("Sorry about that. Which department would you like?");
        }
    }

    [Fact]
    public async Task The_events_entry_answers_a_lex_event_exactly_as_the_hook_does()
    {
        var turn = Fixtures.Lex("dialog-hook-with-failure-count-1");

        var viaHook = await Fixtures.LexAsync(app, turn);
        var (status, viaEvents) = await Fixtures.PostAsync(app.CreateClient(), "/events", turn);

        status.Should().Be(200);
        viaEvents.GetRawText().Should().Be(viaHook.GetRawText());
    }

    [Fact]
    public async Task The_hook_answers_in_the_locale_of_the_event()
    {
        var turn = Fixtures.Lex("dialog-hook-department-unknown");
        turn["bot"]!["localeId"] = "es_US";

        var answer = await Fixtures.LexAsync(app, turn);

        DialogType(answer).Should().Be("ElicitSlot");
        Message(answer).Should().StartWith("Lo siento, no encontré ese departamento. ¿Puede intentarlo de nuevo? Oprima 1 para ")
            .And.EndWith(" o 4 para " + SeedNames.Spanish("math") + ".");
    }

    [Fact]
    public async Task Without_a_locale_in_the_event_the_sessions_language_is_the_hooks()
    {
        var turn = Fixtures.Lex("dialog-hook-department-unknown");
        turn["bot"]!.AsObject().Remove("localeId");
        turn["sessionState"]!["sessionAttributes"]!["language"] = "es";

        var answer = await Fixtures.LexAsync(app, turn);

        Message(answer).Should().StartWith("Lo siento, no encontré ese departamento.");
    }

    [Theory]
    [InlineData("dtmf-input", "9")]
    [InlineData("dialog-hook-department-unknown", "quiero español por favor")]
    public async Task The_offered_language_chosen_by_its_key_or_name_closes_silently_to_start_again_in_it(string fixture, string said)
    {
        var turn = Fixtures.Lex(fixture);
        turn["inputTranscript"] = said;
        turn["sessionState"]!["sessionAttributes"]!["language_offer"] = "es";

        var answer = await Fixtures.LexAsync(app, turn);

        DialogType(answer).Should().Be("Close");
        answer.GetProperty("messages").GetArrayLength().Should().Be(0, "the bot greets the caller again in Spanish");
        Attributes(answer).Should().Contain("route", "language").And.Contain("language", "es").And.NotContainKey("language_offer");
    }

    [Fact]
    public async Task Key_9_is_no_language_when_none_was_offered()
    {
        var turn = Fixtures.Lex("dtmf-input");
        turn["inputTranscript"] = "9";

        var answer = await Fixtures.LexAsync(app, turn);

        DialogType(answer).Should().Be("ElicitSlot", "a key with no department is a miss");
        Attributes(answer).Should().NotContainKey("route");
    }

    private static JsonObject WithHeard(JsonObject turn, string heard)
    {
        var value = turn["sessionState"]!["intent"]!["slots"]!["Department"]!["value"]!.AsObject();
        value["originalValue"] = heard;
        value["interpretedValue"] = heard;
        value["resolvedValues"] = new JsonArray();
        return turn;
    }

    private static string? DialogType(JsonElement answer) =>
        answer.GetProperty("sessionState").GetProperty("dialogAction").GetProperty("type").GetString();

    private static JsonElement Intent(JsonElement answer) => answer.GetProperty("sessionState").GetProperty("intent");

    private static string? Message(JsonElement answer) => answer.GetProperty("messages")[0].GetProperty("content").GetString();

    private static Dictionary<string, string> Attributes(JsonElement answer) =>
        answer.GetProperty("sessionState").GetProperty("sessionAttributes").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);

}
