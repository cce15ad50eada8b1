using System.Globalization;
using System.Text.Json;
using IvrApi.Infrastructure;
using IvrApi.Routing;
using Microsoft.Extensions.Options;

namespace IvrApi.Lex;

/// <summary>
/// The Lex V2 code hook adapter: reads the event, asks the <see cref="DepartmentDialog"/>, and writes a response Lex
/// accepts. Every session attribute it was given goes back, as strings.
/// </summary>
public sealed partial class LexCodeHook(DepartmentDialog dialog, IOptions<LexOptions> lex, ILogger<LexCodeHook> logger)
{
    private const string FailureCountKey = "failure_count";

    /// <summary>Session attribute naming the department whose closed message the bot has said.</summary>
    public const string AnnouncedKey = "announced";

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
        var turn = new DialogTurn(
            intentName == settings.IntentName ? DialogIntent.RouteCall : DialogIntent.Fallback,
            body.Get("invocationSource").String() == "FulfillmentCodeHook",
            heard,
            ReadFailureCount(attributes),
            Keypad: body.Get("inputMode").String() == "DTMF",
            Transcript: body.Get("inputTranscript").String(),
            Confirmation: state.Get("intent").Get("confirmationState").String() switch
            {
                "Confirmed" => Confirmation.Confirmed,
                "Denied" => Confirmation.Denied,
                _ => Confirmation.None,
            });

        using var scope = logger.BeginScope(new CallScope(body.Get("sessionId").String(), null));
        var decision = await dialog.DecideAsync(turn, cancellationToken).ConfigureAwait(false);
        LogDecision(logger, intentName, turn.FailureCount, decision.GetType().Name);

        switch (decision)
        {
            case DialogDecision.RouteTo route:
                if (route.Closed)
                {
                    // The call router then does not say the closed message a second time.
                    attributes[AnnouncedKey] = route.Department.Name;
                }

                return Close(attributes, settings.IntentName, Slot(heard, route.Department.Name), route.Message);

            case DialogDecision.Confirm confirm:
                return new LexCodeHookResponse(
                    new LexSessionState(attributes, new LexDialogAction("ConfirmIntent"), Intent(settings.IntentName, Slot(heard, confirm.Department.Name), "InProgress")),
                    [new LexMessage(confirm.Message)]);

            case DialogDecision.AskAgain ask:
                attributes[FailureCountKey] = ask.FailureCount.ToString(CultureInfo.InvariantCulture);
                return new LexCodeHookResponse(
                    new LexSessionState(attributes, new LexDialogAction("ElicitSlot", settings.SlotName), Intent(settings.IntentName, null, "InProgress")),
                    [new LexMessage(ask.Message)]);

            case DialogDecision.HandToOperator handOver:
                attributes[FailureCountKey] = handOver.FailureCount.ToString(CultureInfo.InvariantCulture);
                attributes["route"] = "operator";
                return Close(attributes, settings.IntentName, null, handOver.Message);

            default:
                // Fulfilment: the dialog hook already validated the slot; close with it as it stands.
                return new LexCodeHookResponse(
                    new LexSessionState(attributes, new LexDialogAction("Close"), Intent(intentName ?? settings.IntentName, heard is null ? null : Slot(heard, heard), "Fulfilled")),
                    []);
        }
    }

    private LexCodeHookResponse Close(Dictionary<string, string> attributes, string intent, LexSlot? department, string message) =>
        new(new LexSessionState(attributes, new LexDialogAction("Close"), Intent(intent, department, "Fulfilled")), [new LexMessage(message)]);

    // Only the routing intent has the department slot; naming it on another intent would be an invalid response.
    private LexIntent Intent(string name, LexSlot? department, string state) =>
        new(name, name == lex.Value.IntentName ? new Dictionary<string, LexSlot?> { [lex.Value.SlotName] = department } : [], state);

    private static LexSlot Slot(string? heard, string canonical) => new(new LexSlotValue(heard ?? canonical, canonical, [canonical]));

    // Lex keeps attributes as strings; anything unreadable counts as no misses yet rather than failing the turn.
    private static int ReadFailureCount(Dictionary<string, string> attributes) =>
        attributes.TryGetValue(FailureCountKey, out var text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            ? count
            : 0;

    [LoggerMessage(Level = LogLevel.Information, Message = "Lex code hook: intent {Intent}, misses so far {FailureCount}, decision {Decision}")]
    private static partial void LogDecision(ILogger logger, string? intent, int failureCount, string decision);
}
