using System.Text.Json.Nodes;
using IvrEmulators.Contracts;
using IvrEmulators.Lex;
using static IvrEmulators.Contracts.SmaContract;

namespace IvrEmulators.Sma;

/// <summary>The actions the SMA emulator plays, each after the contract's rules for it (<see cref="SmaContract"/>).</summary>
internal sealed partial class CallRun
{
    private async Task<ActionResult> RunAsync(string type, JsonObject parameters, CancellationToken cancellationToken)
    {
        if (Fault(type) is { } fault)
        {
            return ActionResult.Fail(fault.ErrorType, fault.ErrorMessage);
        }

        if (ActionProblem(type, parameters, call.View()) is { } problem)
        {
            return ActionResult.Fail(problem.ErrorType, problem.Message);
        }

        switch (type)
        {
            case "Speak":
                return Speak(parameters);
            case "StartBotConversation":
                return await StartBotAsync(parameters, cancellationToken).ConfigureAwait(false);
            case "CallAndBridge":
                return await BridgeAsync(parameters, cancellationToken).ConfigureAwait(false);
            case "Hangup":
                return Hangup(parameters);
            case "Pause":
                Line.Silent((int)Number(parameters["DurationInMilliseconds"])!.Value);
                return ActionResult.Ok();
            default:
                call.Record.Violations.Add($"{type} is a documented action this emulator does not play");
                return ActionResult.Fail("SystemException", $"{type} is not emulated.");
        }
    }

    private ActionFault? Fault(string type) =>
        call.Script.Faults.FirstOrDefault(f => f.ActionType == type && f.Occurrence == call.ActionCounts.GetValueOrDefault(type));

    /// <summary>Speak (https://docs.aws.amazon.com/chime-sdk/latest/dg/speak.html), its parameters valid.</summary>
    private ActionResult Speak(JsonObject parameters)
    {
        var callId = Text(parameters["CallId"])!;
        var text = Text(parameters["Text"])!;
        // "Speak in reply to NEW_INBOUND_CALL answers the call (200 OK) before speaking."
        call.Answered = true;
        if (callId == call.LegA.CallId)
        {
            Line.Hear(text, "SMA", asksQuestion: false);
            if (Line.CallerGone)
            {
                return ActionResult.Then(CallerHangsUp());
            }
        }

        return ActionResult.Ok();
    }

    /// <summary>StartBotConversation (https://docs.aws.amazon.com/chime-sdk/latest/dg/start-bot-conversation.html), its parameters valid: the bot the alias names.</summary>
    private async Task<ActionResult> StartBotAsync(JsonObject parameters, CancellationToken cancellationToken)
    {
        // "ResourceNotFound – A specified bot is not found."
        var arn = Text(parameters["BotAliasArn"]);
        if (sma.Lex is null || arn != sma.Lex.BotAliasArn)
        {
            return ActionResult.Fail("ResourceNotFound", $"Bot alias {arn} not found");
        }

        var locale = Text(parameters["LocaleId"]) ?? "en_US";
        if (sma.Lex.Bot.Locales.All(l => l.LocaleId != locale))
        {
            return ActionResult.Fail("InvalidActionParameter", $"LocaleId {locale} is not a locale of the bot");
        }

        var configuration = parameters["Configuration"] as JsonObject;
        call.Answered = true;
        var result = await sma.Lex.StartConversationAsync(call.LegA.CallId, locale, configuration, Line, cancellationToken).ConfigureAwait(false);
        return result.Status switch
        {
            BotConversationStatus.CallerHungUp => ActionResult.Then(CallerHangsUp()),
            BotConversationStatus.Failed => ActionResult.Fail(result.ErrorType!, result.ErrorMessage!),
            _ => ActionResult.Ok(intentResult: result.IntentResult),
        };
    }

    /// <summary>CallAndBridge (https://docs.aws.amazon.com/chime-sdk/latest/dg/call-and-bridge.html), its parameters valid.</summary>
    private async Task<ActionResult> BridgeAsync(JsonObject parameters, CancellationToken cancellationToken)
    {
        var endpoint = (JsonObject)((JsonArray)parameters["Endpoints"]!)[0]!;
        var headers = (parameters["SipHeaders"] as JsonObject ?? []).ToDictionary(h => h.Key, h => Text(h.Value)!, StringComparer.Ordinal);
        var request = new BridgeRequest(
            Text(endpoint["BridgeEndpointType"])!,
            Text(endpoint["Arn"]),
            Text(endpoint["Uri"])!,
            Text(parameters["CallerIdNumber"])!,
            headers,
            (int)(Number(parameters["CallTimeoutSeconds"]) ?? 30));
        var echo = (JsonObject)parameters.DeepClone();
        echo["CallId"] = call.LegA.CallId;

        // The caller may give up while it rings (anything else they do is waiting).
        call.Record.Ringing.Add(new BridgeRinging(Line.NowMs, request.EndpointType, request.Uri, headers));
        if (Line.CallerActs() is CallerInput.HangUp)
        {
            call.Record.Bridges.Add(new BridgeAttempt(Line.NowMs, request.EndpointType, request.Arn, request.Uri, headers, "caller hung up while ringing"));
            return ActionResult.Then(CallerHangsUp());
        }

        var outcome = await call.BridgeTarget.DialAsync(request, cancellationToken).ConfigureAwait(false);
        call.Record.Bridges.Add(new BridgeAttempt(Line.NowMs, request.EndpointType, request.Arn, request.Uri, headers, outcome.ToString()));
        switch (outcome)
        {
            case BridgeOutcome.Answered:
                Line.Occupied(call.Script.Agent.RingSeconds * 1000);
                call.LegB = new CallLeg(Guid.NewGuid().ToString(), "LEG-B", request.Uri, request.CallerIdNumber, "Outbound") { StartMs = Line.NowMs };
                call.Answered = true;
                return ActionResult.Ok(echo);
            case BridgeOutcome.NotAnswered:
                // "ErrorType": "CallNotAnswered", "ErrorMessage": "Call not answered" after CallTimeoutSeconds.
                Line.Occupied(request.TimeoutSeconds * 1000);
                return ActionResult.Fail("CallNotAnswered", "Call not answered", echo);
            case BridgeOutcome.Busy:
                // A busy callee's ErrorType is not documented; UNFRIENDLY: indistinguishable from no answer.
                Line.Occupied(1000);
                return ActionResult.Fail("CallNotAnswered", "Call not answered", echo);
            default:
                // A far end that rejects the INVITE: UNFRIENDLY, a generic system error.
                Line.Occupied(500);
                return ActionResult.Fail("SystemException", "A system error occurred while running the action", echo);
        }
    }

    /// <summary>Hangup (https://docs.aws.amazon.com/chime-sdk/latest/dg/hangup.html), its parameters valid.</summary>
    private ActionResult Hangup(JsonObject parameters)
    {
        var code = parameters["SipResponseCode"] is { } c ? c.ToString() : "0";
        var leg = Leg(Targets(parameters))!;

        if (leg == call.LegA && !call.Answered)
        {
            // "Rejecting a new inbound call with Hangup means it is not answered and not charged" (case-1).
            call.FirstLeft ??= new CallEnding(Line.NowMs, "call rejected unanswered", $"SIP {code}", null);
        }

        LegGone(leg, "application hung up " + leg.Tag);
        // "Bridged call: the targeted leg is dropped, a HANGUP event for that leg follows"; on a single-leg call the
        // HANGUP event's response is ignored.
        return ActionResult.Then(HangupEvent(leg, code));
    }
}
