using System.Text.Json;
using System.Text.Json.Nodes;
using IvrApi.Tests.TestSupport;

namespace IvrApi.Tests.Scenarios;

/// <summary>
/// Whole calls: the SMA events of a call and the bot's turns in between, with each code hook answer carried into the
/// next event the way Lex and Chime carry it (the final session state becomes StartBotConversation's IntentResult,
/// in PascalCase). Proves the two halves of the service understand each other.
/// </summary>
public sealed class WholeCallTests(IvrApiFactory app) : IClassFixture<IvrApiFactory>
{
    [Fact]
    public async Task A_near_miss_confirmed_reaches_the_department_and_the_agent_hanging_up_ends_the_call()
    {
        var start = await Fixtures.SmaAsync(app, Fixtures.Sma("new-inbound-call"));
        Fixtures.Types(start).Should().Be("StartBotConversation");

        var confirm = await Fixtures.LexAsync(app, Turn(Fixtures.Lex("dialog-hook-department-valid"), "histery"));
        confirm.GetProperty("sessionState").GetProperty("dialogAction").GetProperty("type").GetString().Should().Be("ConfirmIntent");

        var yes = Carry(Fixtures.Lex("dialog-hook-department-valid"), confirm, "yes");
        yes["sessionState"]!["intent"]!["confirmationState"] = "Confirmed";
        var close = await Fixtures.LexAsync(app, yes);

        var bridge = await Fixtures.SmaAsync(app, BotFinished(close));
        Fixtures.Types(bridge).Should().Be("Speak,CallAndBridge");
        var parameters = Fixtures.Actions(bridge)[1].Parameters;
        parameters.GetProperty("Endpoints")[0].GetProperty("Uri").GetString().Should().Be("600300");
        parameters.GetProperty("SipHeaders").GetProperty("X-LexInfo").GetString().Should().Be("history");

        var bridged = WithAttributes(Fixtures.Sma("action-successful-call-and-bridge-voice-connector"), bridge);
        (await Fixtures.SmaAsync(app, bridged)).TryGetProperty("Actions", out _).Should().BeFalse();

        var agentGone = await Fixtures.SmaAsync(app, WithAttributes(Fixtures.Sma("hangup-leg-b"), bridge));
        Fixtures.Types(agentGone).Should().Be("Hangup");
    }

    [Fact]
    public async Task Three_misses_reach_the_operator_and_an_unanswered_operator_ends_in_words_and_a_hang_up()
    {
        var turn = Turn(Fixtures.Lex("dialog-hook-department-valid"), "geography");
        JsonElement answer = default;
        foreach (var heard in new[] { "geography", "astronomy", "biology" })
        {
            answer = await Fixtures.LexAsync(app, Turn(turn, heard));
            turn = Carry(Fixtures.Lex("dialog-hook-department-valid"), answer, heard);
        }

        answer.GetProperty("sessionState").GetProperty("dialogAction").GetProperty("type").GetString().Should().Be("Close");
        var toOperator = await Fixtures.SmaAsync(app, BotFinished(answer));
        Fixtures.Types(toOperator).Should().Be("CallAndBridge", "the bot has already announced the hand-over");

        var unanswered = await Fixtures.SmaAsync(app, WithAttributes(Fixtures.Sma("action-failed-call-and-bridge"), toOperator));
        Fixtures.Types(unanswered).Should().Be("Speak,Hangup");
    }

    /// <summary>The next code hook event: the caller's words in the slot and the transcript.</summary>
    private static JsonObject Turn(JsonObject turn, string heard)
    {
        var copy = turn.DeepClone().AsObject();
        copy["inputTranscript"] = heard;
        copy["sessionState"]!["intent"]!["slots"]!["Department"] = new JsonObject
        {
            ["shape"] = "Scalar",
            ["value"] = new JsonObject { ["originalValue"] = heard, ["interpretedValue"] = heard, ["resolvedValues"] = new JsonArray() },
        };
        return copy;
    }

    /// <summary>Lex keeps the session state the hook answered with: the next event starts from it.</summary>
    private static JsonObject Carry(JsonObject template, JsonElement answer, string transcript)
    {
        var next = template.DeepClone().AsObject();
        next["sessionState"] = JsonNode.Parse(answer.GetProperty("sessionState").GetRawText());
        next["sessionState"]!.AsObject().Remove("dialogAction");
        next["inputTranscript"] = transcript;
        return next;
    }

    /// <summary>StartBotConversation's ACTION_SUCCESSFUL, whose IntentResult is the bot's final session state in PascalCase.</summary>
    private static JsonObject BotFinished(JsonElement close)
    {
        var state = close.GetProperty("sessionState");
        var intent = state.GetProperty("intent");
        var slots = new JsonObject();
        foreach (var slot in intent.GetProperty("slots").EnumerateObject())
        {
            slots[slot.Name] = slot.Value.ValueKind == JsonValueKind.Null ? null : new JsonObject
            {
                ["Value"] = new JsonObject
                {
                    ["OriginalValue"] = slot.Value.GetProperty("value").GetProperty("originalValue").GetString(),
                    ["InterpretedValue"] = slot.Value.GetProperty("value").GetProperty("interpretedValue").GetString(),
                    ["ResolvedValues"] = JsonNode.Parse(slot.Value.GetProperty("value").GetProperty("resolvedValues").GetRawText()),
                },
                ["Values"] = new JsonArray(),
            };
        }

        var call = Fixtures.Sma("action-successful-start-bot-conversation");
        call["ActionData"]!["IntentResult"]!["SessionState"] = new JsonObject
        {
            ["SessionAttributes"] = JsonNode.Parse(state.GetProperty("sessionAttributes").GetRawText()),
            ["Intent"] = new JsonObject
            {
                ["Name"] = intent.GetProperty("name").GetString(),
                ["Slots"] = slots,
                ["State"] = intent.GetProperty("state").GetString(),
                ["ConfirmationState"] = intent.GetProperty("confirmationState").GetString(),
            },
        };
        return call;
    }

    /// <summary>The SMA echoes the TransactionAttributes of our last answer in the next event.</summary>
    private static JsonObject WithAttributes(JsonObject call, JsonElement previousAnswer)
    {
        call["CallDetails"]!["TransactionAttributes"] = JsonNode.Parse(previousAnswer.GetProperty("TransactionAttributes").GetRawText());
        return call;
    }
}
