using IvrEmulators;
using IvrEmulators.Sma;

namespace IvrTools.Tests;

/// <summary>A call script is played as written or refused naming the field; never half-read.</summary>
public sealed class CallScriptTests
{
    [Theory]
    [InlineData("""{"inputs": "history"}""", "inputs", "array of strings")]
    [InlineData("""{"input": ["history"]}""", "input", "did you mean 'inputs'")]
    [InlineData("""{"inputs": ["history", 3]}""", "inputs[1]", "string")]
    [InlineData("""{"caller": "5555550100"}""", "caller", "E.164")]
    [InlineData("""{"caller": 15555550100}""", "caller", "string")]
    [InlineData("""{"bridges": {"600300": "ringing"}}""", "bridges.600300", "answered, notAnswered, busy or failed")]
    [InlineData("""{"bridges": ["600300"]}""", "bridges", "object")]
    [InlineData("""{"defaultBridge": "nobody"}""", "defaultBridge", "answered")]
    [InlineData("""{"agent": {"hangsUp": "yes"}}""", "agent.hangsUp", "true or false")]
    [InlineData("""{"agent": {"ringSeconds": 4.5}}""", "agent.ringSeconds", "whole number")]
    [InlineData("""{"agent": {"hangUp": true}}""", "agent.hangUp", "did you mean 'agent.hangsUp'")]
    [InlineData("""{"faults": [{"occurrence": 1}]}""", "faults[0].action", "missing")]
    [InlineData("""{"faults": [{"action": "Speak", "ocurrence": 1}]}""", "faults[0].ocurrence", "unknown")]
    [InlineData("""{"lateEvent": "false"}""", "lateEvent", "true or false")]
    public void A_wrong_field_is_refused_by_name(string json, string field, string expected)
    {
        var act = () => CallScript.Parse(json);

        var error = act.Should().Throw<CallScriptException>().Which;
        error.Field.Should().Be(field);
        error.Message.Should().Contain($"'{field}'").And.Contain(expected).And.NotContain("\n");
    }

    [Theory]
    [InlineData("[\"history\"]", "JSON object")]
    [InlineData("{\"inputs\": [\"history\"\n  \"math\"]}", "line 2")]
    [InlineData("", "line 1")]
    public void A_script_that_is_not_a_json_object_is_refused_counting_lines_from_one(string json, string expected)
    {
        var act = () => CallScript.Parse(json);

        act.Should().Throw<CallScriptException>().Which.Message.Should().Contain(expected);
    }

    [Fact]
    public void Every_example_script_is_valid()
    {
        var examples = Directory.GetFiles(Path.Combine(Repository.Root, "tools", "ivr-call", "examples"), "*.json");

        examples.Should().NotBeEmpty();
        foreach (var example in examples)
        {
            var script = CallScript.Parse(File.ReadAllText(example));
            script.Inputs.Should().NotBeEmpty(example);
        }
    }

    [Fact]
    public void Every_field_is_read()
    {
        var script = CallScript.Parse("""
            { "caller": "+15555550111", "called": "+15555550122", "inputs": ["say history", "dtmf 2#", "#3#", "silence", "hangup"],
              "bridges": { "600300": "busy" }, "defaultBridge": "notAnswered", "agent": { "hangsUp": true, "ringSeconds": 2, "talkSeconds": 5 },
              "faults": [ { "action": "Speak", "occurrence": 2, "errorType": "ActionExecutionThrottled", "errorMessage": "slow" } ],
              "hangUpAfterHearing": "Goodbye", "lateEvent": true }
            """);

        script.Should().BeEquivalentTo(new CallScript
        {
            CallerNumber = "+15555550111",
            CalledNumber = "+15555550122",
            Inputs = [new CallerInput.Say("history"), new CallerInput.Keys("2#"), new CallerInput.Keys("3#"), new CallerInput.Silence(), new CallerInput.HangUp()],
            Bridges = new Dictionary<string, BridgeOutcome> { ["600300"] = BridgeOutcome.Busy },
            DefaultBridge = BridgeOutcome.NotAnswered,
            Agent = new AgentBehaviour(true, 2, 5),
            Faults = [new ActionFault("Speak", 2, "ActionExecutionThrottled", "slow")],
            HangUpAfterHearing = "Goodbye",
            LateEvent = true,
        });
    }
}
