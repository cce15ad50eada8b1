using System.Globalization;
using System.Text.Json.Nodes;
using static IvrEmulators.Contracts.SmaContract;

namespace IvrEmulators.Sma;

/// <summary>The events the SMA sends (https://docs.aws.amazon.com/chime-sdk/latest/dg/pstn-invocations.html).</summary>
internal sealed partial class CallRun
{
    /// <summary>HANGUP: ActionData {Type: "Hangup", Parameters {SipResponseCode, CallId, ParticipantTag}} of the leg that left.</summary>
    private JsonObject HangupEvent(CallLeg leg, string code) =>
        Event("HANGUP", new JsonObject
        {
            ["Type"] = "Hangup",
            ["Parameters"] = new JsonObject
            {
                ["SipResponseCode"] = int.Parse(code, CultureInfo.InvariantCulture),
                ["CallId"] = leg.CallId,
                ["ParticipantTag"] = leg.Tag,
            },
        });

    private JsonObject ActionData(string type, JsonObject parameters, string? errorType = null, string? errorMessage = null)
    {
        var data = new JsonObject { ["Type"] = type, ["Parameters"] = parameters.DeepClone() };
        if (type == "StartBotConversation")
        {
            data["CallId"] = call.LegA.CallId;
        }

        if (errorType is not null)
        {
            data["ErrorType"] = errorType;
            data["ErrorMessage"] = errorMessage;
        }

        return data;
    }

    /// <summary>The event envelope (https://docs.aws.amazon.com/chime-sdk/latest/dg/pstn-invocations.html).</summary>
    private JsonObject Event(string type, JsonObject? actionData, string? errorType = null, string? errorMessage = null)
    {
        var participants = new JsonArray(Participant(call.LegA));
        if (call.LegB is not null)
        {
            participants.Add(Participant(call.LegB));
        }

        var details = new JsonObject
        {
            ["TransactionId"] = call.TransactionId,
            ["AwsAccountId"] = call.Options.AccountId,
            ["AwsRegion"] = call.Options.Region,
            ["SipRuleId"] = call.Options.SipRuleId,
            ["SipMediaApplicationId"] = call.Options.SipMediaApplicationId,
            ["Participants"] = participants,
        };
        if (call.Attributes.Count > 0)
        {
            details["TransactionAttributes"] = Lex.Attributes.ToJson(call.Attributes);
        }

        var invocation = new JsonObject
        {
            ["SchemaVersion"] = "1.0",
            ["Sequence"] = ++call.Sequence,
            ["InvocationEventType"] = type,
        };
        if (actionData is not null)
        {
            invocation["ActionData"] = actionData;
        }

        invocation["CallDetails"] = details;
        if (errorType is not null)
        {
            // INVALID_LAMBDA_RESPONSE carries ErrorType/ErrorMessage at the top level in the documented example.
            invocation["ErrorType"] = errorType;
            invocation["ErrorMessage"] = errorMessage;
        }

        return invocation;
    }

    private JsonObject Participant(CallLeg leg) => new()
    {
        ["CallId"] = leg.CallId,
        ["ParticipantTag"] = leg.Tag,
        ["To"] = leg.To,
        ["From"] = leg.From,
        ["Direction"] = leg.Direction,
        ["StartTimeInMilliseconds"] = (call.StartedAt + leg.StartMs).ToString(CultureInfo.InvariantCulture),
        ["Status"] = leg.Connected ? "Connected" : "Disconnected",
    };

    private string? Targets(JsonObject parameters) => call.View().Targets(parameters);

    private CallLeg? Leg(string? callId) =>
        callId == call.LegA.CallId ? call.LegA : callId is not null && callId == call.LegB?.CallId ? call.LegB : null;
}
