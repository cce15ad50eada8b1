using System.Text.Json.Nodes;
using IvrEmulators.Sma;

/// <summary>
/// Why a call could not work when the reason is IvrApi's configuration rather than the call: an action naming a bot
/// alias or Voice Connector the emulators do not have. One line each, naming the setting and the value it needs.
/// </summary>
internal static class CallDiagnosis
{
    public static IReadOnlyList<string> ConfigurationProblems(CallRecord record, string botAliasArn, string voiceConnectorArn)
    {
        ArgumentNullException.ThrowIfNull(record);
        var problems = new List<string>();
        foreach (var exchange in record.Exchanges.Where(e => e.Kind == "sma-event"))
        {
            if (exchange.Request["InvocationEventType"]?.GetValue<string>() != "ACTION_FAILED" || exchange.Request["ActionData"] is not JsonObject action)
            {
                continue;
            }

            var type = action["Type"]?.GetValue<string>();
            var parameters = action["Parameters"] as JsonObject;
            var problem = type switch
            {
                "StartBotConversation" when Text(parameters?["BotAliasArn"]) is var arn && arn != botAliasArn =>
                    $"IvrApi's Lex:BotAliasArn is '{arn}', which is not the emulated bot: start IvrApi with Lex__BotAliasArn={botAliasArn} (or pass its ARN with --bot-alias-arn)",
                "CallAndBridge" when (parameters?["Endpoints"] as JsonArray)?.FirstOrDefault() is JsonObject endpoint
                    && Text(endpoint["BridgeEndpointType"]) == "AWS" && Text(endpoint["Arn"]) is var vc && vc != voiceConnectorArn =>
                    $"IvrApi's Sma:VoiceConnectorArn is '{vc}', which is not the emulated Voice Connector: start IvrApi with Sma__VoiceConnectorArn={voiceConnectorArn}",
                _ => null,
            };
            if (problem is not null && !problems.Contains(problem))
            {
                problems.Add(problem);
            }
        }

        return problems;
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
