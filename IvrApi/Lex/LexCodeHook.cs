using System.Text.Json;
using IvrApi.Http;
using IvrApi.Observability;
using IvrApi.Routing;
using Microsoft.Extensions.Options;

namespace IvrApi.Lex;

/// <summary>
/// The Lex V2 code hook adapter: reads the event, asks the <see cref="DepartmentDialog"/>, and writes a response Lex
/// accepts. Every session attribute it was given goes back, as strings.
/// </summary>
public sealed partial class LexCodeHook(DepartmentDialog dialog, IOptions<LexOptions> lex, ICallMetrics metrics, ILogger<LexCodeHook> logger)
{
    public async Task<LexCodeHookResponse> HandleAsync(JsonElement body, CancellationToken cancellationToken)
    {
        var settings = lex.Value;
        var state = body.Get("sessionState");
        var attributes = state.Get("sessionAttributes").StringMap();
        var intentName = state.Get("intent").Get("name").String();
        var slotValue = state.Get("intent").Get("slots").Get(settings.SlotName).Get("value");
        var heard = slotValue.Get("interpretedValue").String()
            ?? slotValue.Get("originalValue").String()
            ?? slotValue.Get("resolvedValues").FirstString();

        // The event's locale says which language the bot is speaking; the session's attribute only stands in for it.
        var language = CallLanguages.FromLocaleId(body.Get("bot").Get("localeId").String())
            ?? BotHandoff.Language(attributes)
            ?? CallLanguage.English;
        var turn = new DialogTurn(
            intentName == settings.IntentName ? DialogIntent.RouteCall : DialogIntent.Fallback,
            heard,
            BotSession.FailureCount(attributes),
            Keypad: body.Get("inputMode").String() == "DTMF",
            Transcript: body.Get("inputTranscript").String(),
            Confirmation: state.Get("intent").Get("confirmationState").String() switch
            {
                "Confirmed" => Confirmation.Confirmed,
                "Denied" => Confirmation.Denied,
                _ => Confirmation.None,
            },
            Menu: BotHandoff.Menu(attributes),
            Proposed: BotHandoff.Proposed(attributes),
            Language: language,
            Offered: BotHandoff.Offered(attributes) is { } offered && offered != language ? offered : null);
        BotHandoff.Answered(attributes);

        using var scope = logger.BeginScope(new CallScope(body.Get("sessionId").String(), null));
        var decision = await dialog.DecideAsync(turn, cancellationToken).ConfigureAwait(false);
        LogDecision(logger, intentName, body.Get("invocationSource").String(), turn.FailureCount, decision.GetType().Name);
        metrics.BotTurn(decision);

        // The intent Lex is on is closed as it is; asking again moves the caller (back) to the routing intent's slot,
        // which a code hook may do from any intent (https://docs.aws.amazon.com/lexv2/latest/dg/lambda-response-format.html).
        var current = intentName ?? settings.IntentName;
        switch (decision)
        {
            case DialogDecision.RouteTo route:
                // Silent close: the call router says "connecting you" or the closed message, having decided the hours once.
                BotHandoff.Decide(attributes, route.Department);
                return Close(attributes, current, Slot(heard, route.Department.Name), null);

            case DialogDecision.Confirm confirm:
                return new LexCodeHookResponse(
                    new LexSessionState(attributes, new LexDialogAction("ConfirmIntent"), Intent(settings.IntentName, Slot(heard, confirm.Department.Name), "InProgress")),
                    [new LexMessage(confirm.Message)]);

            case DialogDecision.AskAgain ask:
                BotSession.SetFailureCount(attributes, ask.FailureCount);
                BotHandoff.SetMenu(attributes, ask.Menu);
                return new LexCodeHookResponse(
                    new LexSessionState(attributes, new LexDialogAction("ElicitSlot", settings.SlotName), Intent(settings.IntentName, null, "InProgress")),
                    [new LexMessage(ask.Message)]);

            case DialogDecision.SwitchLanguage chosen:
                // Silent close: the call router starts the bot again in the chosen language, which greets the caller in it.
                BotHandoff.SwitchTo(attributes, chosen.Language);
                return Close(attributes, current, null, null);

            case DialogDecision.HandToOperator handOver:
                BotSession.SetFailureCount(attributes, handOver.FailureCount);
                BotHandoff.HandOver(attributes);
                return Close(attributes, current, null, handOver.Message);

            default:
                throw new InvalidOperationException($"No Lex answer for {decision.GetType().Name}.");
        }
    }

    private LexCodeHookResponse Close(Dictionary<string, string> attributes, string intent, LexSlot? department, string? message) =>
        new(new LexSessionState(attributes, new LexDialogAction("Close"), Intent(intent, department, "Fulfilled")), message is null ? [] : [new LexMessage(message)]);

    // Only the routing intent has the department slot; naming it on another intent would be an invalid response.
    private LexIntent Intent(string name, LexSlot? department, string state) =>
        new(name, name == lex.Value.IntentName ? new Dictionary<string, LexSlot?> { [lex.Value.SlotName] = department } : [], state);

    private static LexSlot Slot(string? heard, string canonical) => new(new LexSlotValue(heard ?? canonical, canonical, [canonical]));

    [LoggerMessage(Level = LogLevel.Information, Message = "Lex code hook: intent {Intent} ({InvocationSource}), misses so far {FailureCount}, decision {Decision}")]
    private static partial void LogDecision(ILogger logger, string? intent, string? invocationSource, int failureCount, string decision);
}
