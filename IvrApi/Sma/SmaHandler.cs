using System.Text.Json;
using IvrApi.Departments;
using IvrApi.Http;
using IvrApi.Lex;
using IvrApi.Observability;
using IvrApi.Routing;
using Microsoft.Extensions.Options;

namespace IvrApi.Sma;

/// <summary>
/// The SIP media application adapter: reads an invocation event into a <see cref="CallEvent"/>, asks the
/// <see cref="CallRouter"/> for its plan, and writes the plan as SMA actions. It decides nothing: every event, however
/// damaged, gets the router's answer in the SMA's words.
/// </summary>
public sealed partial class SmaHandler(
    CallRouter router,
    IOptions<SmaOptions> sma,
    IOptions<LexOptions> lex,
    IOptions<RoutingOptions> routing,
    CallPrompts prompts,
    ILogger<SmaHandler> logger)
{
    private const int MaxActions = 10;

    public async Task<SmaResponse> HandleAsync(JsonElement body, CancellationToken cancellationToken)
    {
        var call = SmaEvent.Read(body);
        using var scope = logger.BeginScope(new CallScope(call.Caller?.CallId, call.TransactionId));
        LogEvent(logger, call.InvocationEventType, call.ActionType, call.ErrorType);
        switch (call.InvocationEventType)
        {
            case "NEW_INBOUND_CALL":
                LogNewCall(logger, PhoneNumberMask.Mask(call.Caller?.From), PhoneNumberMask.Mask(call.Caller?.To));
                break;
            case "ACTION_FAILED":
                // Why the routing decision that follows goes where it goes, at the decision's level (not Debug).
                LogActionFailed(logger, call.ActionType ?? "an action", call.ErrorType, PhoneNumberMask.MaskText(call.ErrorMessage));
                break;
            case "INVALID_LAMBDA_RESPONSE":
                LogRejected(logger, call.ErrorType, PhoneNumberMask.MaskText(call.ErrorMessage));
                break;
        }

        var plan = await router.HandleAsync(ToCallEvent(call), cancellationToken).ConfigureAwait(false);
        var actions = plan.Steps?.Take(MaxActions).Select(step => ToAction(call, step)).ToArray();
        return new SmaResponse(actions, TransactionMemory.Write(call.TransactionAttributes, plan.Remember));
    }

    private CallEvent ToCallEvent(SmaEvent call)
    {
        var kind = call.InvocationEventType switch
        {
            "NEW_INBOUND_CALL" => CallEventKind.NewCall,
            "ACTION_SUCCESSFUL" => CallEventKind.ActionSucceeded,
            "ACTION_FAILED" => CallEventKind.ActionFailed,
            "HANGUP" => CallEventKind.HungUp,
            "INVALID_LAMBDA_RESPONSE" => CallEventKind.ResponseRejected,
            _ => CallEventKind.Other,
        };
        var action = call.ActionType switch
        {
            "StartBotConversation" => CallEventAction.Bot,
            "Speak" => CallEventAction.Speech,
            "CallAndBridge" => CallEventAction.Bridge,
            "Hangup" => CallEventAction.Hangup,
            _ => CallEventAction.Other,
        };
        var parameters = call.ActionData.Get("Parameters");
        return new CallEvent(
            kind,
            action,
            call.Caller,
            call.Participants,
            TransactionMemory.Read(call.TransactionAttributes, routing.Value.Operator.LexInfo),
            Bot: (kind, action) == (CallEventKind.ActionSucceeded, CallEventAction.Bot) ? ReadBotOutcome(call.ActionData) : null,
            FailedEndpoint: kind == CallEventKind.ActionFailed ? parameters.Get("Endpoints").Items().FirstOrDefault().Get("Uri").String() : null,
            ErrorType: call.ErrorType,
            HungUp: kind == CallEventKind.HungUp ? new CallLeg(parameters.Get("CallId").String(), parameters.Get("ParticipantTag").String()) : null);
    }

    private BotOutcome ReadBotOutcome(JsonElement? actionData)
    {
        var state = actionData.Get("IntentResult").Get("SessionState");
        var intent = state.Get("Intent");
        var value = intent.Get("Slots").Get(lex.Value.SlotName).Get("Value");
        var heard = value.Get("InterpretedValue").String()
            ?? value.Get("ResolvedValues").FirstString()
            ?? value.Get("OriginalValue").String();
        return BotHandoff.Outcome(state.Get("SessionAttributes").StringMap(), heard, intentFailed: intent.Get("State").String() == "Failed");
    }

    private SmaAction ToAction(SmaEvent call, CallStep step)
    {
        var callerId = call.Caller?.CallId;
        return step switch
        {
            CallStep.Say say => Speak(callerId, say),
            CallStep.StartBot bot => StartBot(callerId, bot),
            CallStep.Bridge bridge => Bridge(bridge),
            CallStep.Hangup hangup => new HangupAction(new HangupParameters(hangup.CallId ?? callerId, hangup.SipResponseCode.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            _ => throw new InvalidOperationException($"No SMA action for {step.GetType().Name}."),
        };
    }

    private SpeakAction Speak(string? callId, CallStep.Say say)
    {
        var voice = prompts.For(say.Language);
        return new SpeakAction(new SpeakParameters(callId ?? "", say.Text, voice.VoiceId, voice.Engine, say.Language.SpeakLanguageCode));
    }

    private StartBotConversationAction StartBot(string? callId, CallStep.StartBot bot)
    {
        var attributes = BotHandoff.Opening(bot);
        var configuration = bot.WelcomeText is null
            ? new BotConfiguration(new BotSessionState(attributes, null), null)
            : new BotConfiguration(new BotSessionState(attributes, new BotDialogAction("ElicitIntent")), [new BotWelcomeMessage(bot.WelcomeText)]);
        // Without a CallId, LEG-A (the only tag StartBotConversation accepts) names the caller.
        return new StartBotConversationAction(new StartBotConversationParameters(
            callId, callId is null ? "LEG-A" : null, lex.Value.BotAliasArn, bot.Language.LexLocaleId, configuration));
    }

    private CallAndBridgeAction Bridge(CallStep.Bridge bridge)
    {
        var (destination, callerId) = (bridge.Destination, bridge.CallerId);
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
            new Dictionary<string, string> { [sma.Value.DepartmentHeader] = header, [SmaOptions.LanguageHeader] = bridge.Language.Code }));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "SMA event {InvocationEventType} {ActionType} {ErrorType}")]
    private static partial void LogEvent(ILogger logger, string? invocationEventType, string? actionType, string? errorType);

    [LoggerMessage(Level = LogLevel.Information, Message = "New call from {Caller} to {Called}")]
    private static partial void LogNewCall(ILogger logger, string caller, string called);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{ActionType} failed: {ErrorType} ({ErrorMessage})")]
    private static partial void LogActionFailed(ILogger logger, string actionType, string? errorType, string? errorMessage);

    [LoggerMessage(Level = LogLevel.Error, Message = "The SMA rejected our previous response: {ErrorType} {ErrorMessage}")]
    private static partial void LogRejected(ILogger logger, string? errorType, string? errorMessage);
}
