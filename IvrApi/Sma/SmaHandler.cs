using System.Text.Json;
using IvrApi.Departments;
using IvrApi.Http;
using IvrApi.Lex;
using IvrApi.Observability;
using IvrApi.Routing;
using Microsoft.Extensions.Options;

namespace IvrApi.Sma;

/// <summary>
/// The SIP media application adapter: reads an invocation event, asks the <see cref="CallRouter"/> what to do, and
/// writes the SMA actions. Every event, however damaged, gets a valid answer.
/// </summary>
public sealed partial class SmaHandler(
    CallRouter router,
    IOptions<SmaOptions> sma,
    IOptions<LexOptions> lex,
    IOptions<RoutingOptions> routing,
    IOptions<PromptOptions> prompts,
    ICallMetrics metrics,
    ILogger<SmaHandler> logger)
{
    // The call's memory in TransactionAttributes: destination as "service|number" plus its X-LexInfo, operator tried, and what follows the words being spoken.
    private const string BridgedToKey = "ivr_bridged_to";
    private const string DestinationKey = "ivr_destination";
    private const string OperatorTriedKey = "ivr_operator_tried";
    private const string AfterSpeechKey = "ivr_after_speech";
    private const int MaxActions = 10;

    // The documented limit is 100, but the documented error example rejects 11: stay within 10.
    private const int MaxTransactionAttributes = 10;

    public async Task<SmaResponse> HandleAsync(JsonElement body, CancellationToken cancellationToken)
    {
        var call = SmaEvent.Read(body);
        using var scope = logger.BeginScope(new CallScope(call.Caller?.CallId, call.TransactionId));
        LogEvent(logger, call.InvocationEventType, call.ActionType, call.ErrorType);
        CallPlan plan;
        try
        {
            plan = await DecideAsync(call, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A bug must still end in words and a clean hang-up, never an error the SMA cannot act on.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogFailed(logger, ex);
            plan = call.Caller is null ? CallPlan.KeepGoing : router.ResponseRejected();
        }

        return ToResponse(call, plan);
    }

    private async Task<CallPlan> DecideAsync(SmaEvent call, CancellationToken cancellationToken)
    {
        var memory = ReadMemory(call.TransactionAttributes);
        if (call.InvocationEventType is not ("NEW_INBOUND_CALL" or "HANGUP") && call.CallerLeft)
        {
            // The caller is gone: whatever this event reports, nobody is left to speak to or to bridge.
            return CallRouter.LegHungUp(StillConnected(call, goneCallId: null, goneTag: null));
        }

        switch (call.InvocationEventType, call.ActionType)
        {
            case ("NEW_INBOUND_CALL", _):
                LogNewCall(logger, PhoneNumberMask.Mask(call.Caller?.From), PhoneNumberMask.Mask(call.Caller?.To));
                // Without a caller leg there is nobody to talk to: reject the call unanswered rather than guess.
                return call.Caller is { CallId: { } callId } caller
                    ? await router.CallStartedAsync(new CallStart(callId, caller.From, caller.To), cancellationToken).ConfigureAwait(false)
                    : new CallPlan([new CallStep.Hangup(SipResponseCode: 480)]);

            case ("ACTION_SUCCESSFUL", "StartBotConversation"):
                return await router.BotFinishedAsync(ReadBotOutcome(call.ActionData), cancellationToken).ConfigureAwait(false);

            case ("ACTION_FAILED", "StartBotConversation"):
                LogActionFailed(logger, "StartBotConversation", call.ErrorType, call.ErrorMessage);
                metrics.BotFailed(call.ErrorType);
                return router.BotFailed();

            case ("ACTION_FAILED", "Hangup"):
                return CallPlan.Stop;

            case ("ACTION_FAILED", "Speak"):
                return await router.SpeechFailedAsync(memory, cancellationToken).ConfigureAwait(false);

            case ("ACTION_FAILED", _):
                // A bridge (or anything else we sent) failed; the event names the endpoint it could not reach.
                LogActionFailed(logger, call.ActionType ?? "unknown action", call.ErrorType, call.ErrorMessage);
                metrics.BridgeFailed(call.ErrorType);
                return router.BridgeFailed(memory, call.ActionData.Get("Parameters").Get("Endpoints").Items().FirstOrDefault().Get("Uri").String());

            case ("HANGUP", _):
                var gone = call.ActionData.Get("Parameters");
                return CallRouter.LegHungUp(StillConnected(call, gone.Get("CallId").String(), gone.Get("ParticipantTag").String()));

            case ("INVALID_LAMBDA_RESPONSE", _):
                LogRejected(logger, call.ErrorType, PhoneNumberMask.MaskText(call.ErrorMessage));
                return call.Caller is null ? CallPlan.KeepGoing : router.ResponseRejected();

            default:
                // RINGING, CALL_ANSWERED, ACTION_SUCCESSFUL of a bridge or speech, ACTION_INTERRUPTED, DIGITS_RECEIVED,
                // CALL_UPDATE_REQUESTED, NEW_OUTBOUND_CALL and types we do not know: let the running actions go on.
                return CallPlan.KeepGoing;
        }
    }

    private static IEnumerable<string> StillConnected(SmaEvent call, string? goneCallId, string? goneTag) =>
        call.Participants
            .Where(p => p.CallId is not null && p.MaybeConnected && p.CallId != goneCallId
                && !string.Equals(p.ParticipantTag, goneTag, StringComparison.OrdinalIgnoreCase))
            .Select(p => p.CallId!);

    private BotOutcome ReadBotOutcome(JsonElement? actionData)
    {
        var state = actionData.Get("IntentResult").Get("SessionState");
        var intent = state.Get("Intent");
        var value = intent.Get("Slots").Get(lex.Value.SlotName).Get("Value");

        // A failed intent routes nowhere, whatever its slot holds (the sample routed it anyway).
        if (intent.Get("State").String() == "Failed")
        {
            return new BotOutcome(null, OperatorRequested: false);
        }

        var heard = value.Get("InterpretedValue").String()
            ?? value.Get("ResolvedValues").FirstString()
            ?? value.Get("OriginalValue").String();
        return BotSession.Outcome(state.Get("SessionAttributes").StringMap(), heard);
    }

    private CallMemory ReadMemory(IReadOnlyDictionary<string, string> attributes)
    {
        var operatorTried = attributes.GetValueOrDefault(OperatorTriedKey) == "true";
        var destination = attributes.GetValueOrDefault(DestinationKey)?.Split('|') is [var service, { Length: > 0 } number]
            && DepartmentRules.ParseService(service) is { } parsed
            ? new Destination(parsed, number, attributes.GetValueOrDefault(BridgedToKey) ?? routing.Value.Operator.LexInfo, operatorTried)
            : null;
        return new CallMemory(destination, operatorTried, Enum.TryParse<AfterSpeech>(attributes.GetValueOrDefault(AfterSpeechKey), out var next) ? next : AfterSpeech.Nothing);
    }

    private SmaResponse ToResponse(SmaEvent call, CallPlan plan)
    {
        Dictionary<string, string>? attributes = null;
        if (plan.Remember is { } memory)
        {
            // A different key set replaces what the SMA stores, so send back what we were given as well.
            attributes = new Dictionary<string, string>(call.TransactionAttributes, StringComparer.Ordinal)
            {
                [BridgedToKey] = memory.Destination?.LexInfo ?? "",
                [DestinationKey] = memory.Destination is { } d ? $"{DepartmentRules.ServiceName(d.Service)}|{d.Number}" : "",
                [OperatorTriedKey] = memory.OperatorTried ? "true" : "false",
                [AfterSpeechKey] = memory.AfterSpeech.ToString(),
            };
        }

        var steps = plan.Steps;
        if (steps is not null && steps.Any(s => s is CallStep.Bridge) && CallerIdFor(call) is null)
        {
            // CallAndBridge needs a caller ID we may present; without one no bridge can succeed, so end cleanly.
            LogNoCallerId(logger);
            steps = router.ResponseRejected().Steps;
        }

        if (call.Caller?.CallId is null)
        {
            // Speak must name the caller's CallId; with none known, the words cannot be addressed.
            steps = steps?.Where(s => s is not CallStep.Say).ToArray();
        }

        if (attributes is { Count: > MaxTransactionAttributes })
        {
            attributes = attributes.Where(a => a.Key.StartsWith("ivr_", StringComparison.Ordinal)).ToDictionary();
        }

        var actions = steps?.Take(MaxActions).Select(step => ToAction(call, step)).ToArray();
        return new SmaResponse(actions, attributes);
    }

    // CallAndBridge accepts the caller's own number or one we own; a withheld caller ID would fail the bridge.
    private static string? CallerIdFor(SmaEvent call) =>
        DepartmentRules.IsE164(call.Caller?.From) ? call.Caller!.From
        : DepartmentRules.IsE164(call.Caller?.To) ? call.Caller!.To
        : null;

    private SmaAction ToAction(SmaEvent call, CallStep step)
    {
        var callerId = call.Caller?.CallId;
        var text = prompts.Value;
        return step switch
        {
            CallStep.Say say => new SpeakAction(new SpeakParameters(callerId ?? "", say.Text, text.VoiceId, text.Engine)),
            CallStep.StartBot bot => StartBot(callerId, bot),
            CallStep.Bridge bridge => Bridge(call, bridge.Destination),
            CallStep.Hangup hangup => new HangupAction(new HangupParameters(hangup.CallId ?? callerId, hangup.SipResponseCode.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            _ => throw new InvalidOperationException($"No SMA action for {step.GetType().Name}."),
        };
    }

    private StartBotConversationAction StartBot(string? callId, CallStep.StartBot bot)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        BotSession.SetMenu(attributes, bot.Menu);
        var configuration = bot.WelcomeText is null
            ? new BotConfiguration(new BotSessionState(attributes, null), null)
            : new BotConfiguration(new BotSessionState(attributes, new BotDialogAction("ElicitIntent")), [new BotWelcomeMessage(bot.WelcomeText)]);
        // Without a CallId, LEG-A (the only tag StartBotConversation accepts) names the caller.
        return new StartBotConversationAction(new StartBotConversationParameters(
            callId, callId is null ? "LEG-A" : null, lex.Value.BotAliasArn, lex.Value.LocaleId, configuration));
    }

    private CallAndBridgeAction Bridge(SmaEvent call, Destination destination)
    {
        var callerId = CallerIdFor(call);
        var timeout = Math.Clamp(routing.Value.BridgeTimeoutSeconds, 1, 120);
        if (destination.Service == DepartmentService.PstnNumber)
        {
            return new CallAndBridgeAction(new CallAndBridgeParameters(timeout, callerId, [new BridgeEndpoint("PSTN", null, destination.Number)], null));
        }

        var header = SipHeaderValue.Sanitize(destination.LexInfo, routing.Value.Operator.LexInfo);
        return new CallAndBridgeAction(new CallAndBridgeParameters(
            timeout,
            callerId,
            [new BridgeEndpoint("AWS", sma.Value.VoiceConnectorArn, destination.Number)],
            new Dictionary<string, string> { [sma.Value.DepartmentHeader] = header }));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "SMA event {InvocationEventType} {ActionType} {ErrorType}")]
    private static partial void LogEvent(ILogger logger, string? invocationEventType, string? actionType, string? errorType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No E.164 caller ID to present on a bridge; ending the call")]
    private static partial void LogNoCallerId(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "New call from {Caller} to {Called}")]
    private static partial void LogNewCall(ILogger logger, string caller, string called);

    [LoggerMessage(Level = LogLevel.Error, Message = "SMA event handling failed; apologising and hanging up")]
    private static partial void LogFailed(ILogger logger, Exception exception);

    /// <summary>Why the routing decision that follows sends the caller to the operator (at the decision's level, not Debug).</summary>
    [LoggerMessage(Level = LogLevel.Warning, Message = "{ActionType} failed: {ErrorType} ({ErrorMessage}); the caller goes to the operator")]
    private static partial void LogActionFailed(ILogger logger, string actionType, string? errorType, string? errorMessage);

    [LoggerMessage(Level = LogLevel.Error, Message = "The SMA rejected our previous response: {ErrorType} {ErrorMessage}")]
    private static partial void LogRejected(ILogger logger, string? errorType, string? errorMessage);
}
