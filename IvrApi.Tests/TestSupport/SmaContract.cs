using System.Text.Json;
using System.Text.RegularExpressions;

namespace IvrApi.Tests.TestSupport;

/// <summary>
/// What the Chime SDK PSTN documentation says a SIP media application response must be, written independently of the
/// service's own types: SchemaVersion 1.0, at most 10 actions, the required parameters of each action we use, the SIP
/// header rules, and at least one action for NEW_INBOUND_CALL.
/// </summary>
public static partial class SmaContract
{
    private static readonly HashSet<string> ReservedHeaderPrefixes = ["x-amzn", "x-vine", "x-vc", "x-canary", "x-voice"];

    /// <summary>Returns the problems found; empty means valid.</summary>
    public static IReadOnlyList<string> Problems(JsonElement request, JsonElement response)
    {
        var problems = new List<string>();
        if (response.ValueKind != JsonValueKind.Object)
        {
            return ["response is not a JSON object"];
        }

        if (!response.TryGetProperty("SchemaVersion", out var version) || version.ValueKind != JsonValueKind.String || version.GetString() != "1.0")
        {
            problems.Add("SchemaVersion must be \"1.0\"");
        }

        var eventType = request.ValueKind == JsonValueKind.Object && request.TryGetProperty("InvocationEventType", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        var callIds = CallIds(request);
        var hasActions = response.TryGetProperty("Actions", out var actions) && actions.ValueKind != JsonValueKind.Null;
        if (hasActions)
        {
            if (actions.ValueKind != JsonValueKind.Array)
            {
                problems.Add("Actions must be an array");
                return problems;
            }

            if (actions.GetArrayLength() > 10)
            {
                problems.Add("more than 10 actions");
            }

            foreach (var action in actions.EnumerateArray())
            {
                CheckAction(action, callIds, problems);
            }
        }

        if (eventType == "NEW_INBOUND_CALL" && (!hasActions || actions.GetArrayLength() == 0))
        {
            problems.Add("NEW_INBOUND_CALL must be answered with at least one action");
        }

        if (response.TryGetProperty("TransactionAttributes", out var attributes) && attributes.ValueKind != JsonValueKind.Null)
        {
            if (attributes.ValueKind != JsonValueKind.Object)
            {
                problems.Add("TransactionAttributes must be an object");
            }
            else
            {
                var entries = attributes.EnumerateObject().ToArray();
                if (entries.Length > 10)
                {
                    problems.Add("more than 10 TransactionAttributes");
                }

                if (entries.Any(e => e.Value.ValueKind != JsonValueKind.String))
                {
                    problems.Add("TransactionAttributes values must be strings");
                }
            }
        }

        return problems;
    }

    private static void CheckAction(JsonElement action, HashSet<string> callIds, List<string> problems)
    {
        var type = action.TryGetProperty("Type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        if (!action.TryGetProperty("Parameters", out var p) || p.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{type}: Parameters must be an object");
            return;
        }

        switch (type)
        {
            case "Speak":
                RequireCallId(p, callIds, "Speak", problems, required: true);
                var text = Str(p, "Text");
                if (string.IsNullOrEmpty(text) || text.Length > 1000)
                {
                    problems.Add("Speak: Text is required, at most 1,000 characters");
                }

                if (Str(p, "Engine") is { } engine && engine is not ("standard" or "neural"))
                {
                    problems.Add("Speak: Engine must be standard or neural");
                }

                break;

            case "StartBotConversation":
                if (Str(p, "CallId") is null && Str(p, "ParticipantTag") != "LEG-A")
                {
                    problems.Add("StartBotConversation: CallId or ParticipantTag LEG-A is required");
                }

                RequireCallId(p, callIds, "StartBotConversation", problems, required: false);
                if (string.IsNullOrEmpty(Str(p, "BotAliasArn")))
                {
                    problems.Add("StartBotConversation: BotAliasArn is required");
                }

                if (p.TryGetProperty("Configuration", out var configuration))
                {
                    if (configuration.GetRawText().Length > 10 * 1024)
                    {
                        problems.Add("StartBotConversation: Configuration is over 10 KB");
                    }

                    var dialogType = configuration.TryGetProperty("SessionState", out var state) && state.TryGetProperty("DialogAction", out var dialog)
                        ? Str(dialog, "Type")
                        : null;
                    if (dialogType is not (null or "Delegate" or "ElicitIntent"))
                    {
                        problems.Add("StartBotConversation: DialogAction.Type must be Delegate or ElicitIntent");
                    }

                    if (configuration.TryGetProperty("WelcomeMessages", out _) && dialogType != "ElicitIntent")
                    {
                        problems.Add("StartBotConversation: WelcomeMessages require DialogAction.Type ElicitIntent");
                    }

                    if (state.ValueKind == JsonValueKind.Object && state.TryGetProperty("SessionAttributes", out var sessionAttributes)
                        && sessionAttributes.EnumerateObject().Any(a => a.Value.ValueKind != JsonValueKind.String))
                    {
                        problems.Add("StartBotConversation: SessionAttributes values must be strings");
                    }
                }

                break;

            case "CallAndBridge":
                CheckBridge(p, problems);
                break;

            case "Hangup":
                RequireCallId(p, callIds, "Hangup", problems, required: false);
                if (Str(p, "SipResponseCode") is not ("0" or "480" or "486"))
                {
                    problems.Add("Hangup: SipResponseCode must be \"0\", \"480\" or \"486\"");
                }

                break;

            default:
                problems.Add($"unexpected action type '{type}'");
                break;
        }
    }

    private static void CheckBridge(JsonElement p, List<string> problems)
    {
        if (!p.TryGetProperty("CallTimeoutSeconds", out var timeout) || !timeout.TryGetInt32(out var seconds) || seconds is < 1 or > 120)
        {
            problems.Add("CallAndBridge: CallTimeoutSeconds must be 1-120");
        }

        if (!E164().IsMatch(Str(p, "CallerIdNumber") ?? ""))
        {
            problems.Add("CallAndBridge: CallerIdNumber must be E.164");
        }

        if (!p.TryGetProperty("Endpoints", out var endpoints) || endpoints.ValueKind != JsonValueKind.Array || endpoints.GetArrayLength() != 1)
        {
            problems.Add("CallAndBridge: exactly one endpoint");
            return;
        }

        var endpoint = endpoints[0];
        var uri = Str(endpoint, "Uri") ?? "";
        switch (Str(endpoint, "BridgeEndpointType"))
        {
            case "AWS":
                if (string.IsNullOrEmpty(Str(endpoint, "Arn")))
                {
                    problems.Add("CallAndBridge: AWS endpoints need the Voice Connector Arn");
                }

                if (!VoiceConnectorUri().IsMatch(uri))
                {
                    problems.Add($"CallAndBridge: Uri '{uri}' is not 1-30 allowed characters");
                }

                break;
            case "PSTN":
                if (endpoint.TryGetProperty("Arn", out var arn) && arn.ValueKind != JsonValueKind.Null)
                {
                    problems.Add("CallAndBridge: PSTN endpoints must not carry an Arn");
                }

                if (!E164().IsMatch(uri))
                {
                    problems.Add($"CallAndBridge: PSTN Uri '{uri}' must be E.164");
                }

                break;
            default:
                problems.Add("CallAndBridge: BridgeEndpointType must be AWS or PSTN");
                break;
        }

        if (p.TryGetProperty("SipHeaders", out var headers) && headers.ValueKind != JsonValueKind.Null)
        {
            var all = headers.EnumerateObject().ToArray();
            if (all.Length > 20 || all.Sum(h => h.Name.Length + (h.Value.GetString()?.Length ?? 0)) > 2048)
            {
                problems.Add("CallAndBridge: too many or too long SIP headers");
            }

            foreach (var header in all)
            {
                var name = header.Name.ToLowerInvariant();
                if (!(name.StartsWith("x-", StringComparison.Ordinal) || name is "user-to-user" or "diversion")
                    || ReservedHeaderPrefixes.Any(r => name.StartsWith(r, StringComparison.Ordinal)))
                {
                    problems.Add($"CallAndBridge: header '{header.Name}' is not allowed");
                }

                if (header.Value.ValueKind != JsonValueKind.String || !SafeHeaderValue().IsMatch(header.Value.GetString()!))
                {
                    problems.Add($"CallAndBridge: header value {header.Value.GetRawText()} is unsafe");
                }
            }
        }
    }

    private static void RequireCallId(JsonElement p, HashSet<string> callIds, string action, List<string> problems, bool required)
    {
        var callId = Str(p, "CallId");
        if (callId is null)
        {
            if (required)
            {
                problems.Add($"{action}: CallId is required");
            }

            return;
        }

        if (!callIds.Contains(callId))
        {
            problems.Add($"{action}: CallId '{callId}' is not a participant of the call");
        }
    }

    private static HashSet<string> CallIds(JsonElement request)
    {
        var ids = new HashSet<string>();
        if (request.ValueKind == JsonValueKind.Object && request.TryGetProperty("CallDetails", out var details) && details.ValueKind == JsonValueKind.Object
            && details.TryGetProperty("Participants", out var participants) && participants.ValueKind == JsonValueKind.Array)
        {
            foreach (var participant in participants.EnumerateArray())
            {
                if (participant.ValueKind == JsonValueKind.Object && participant.TryGetProperty("CallId", out var id) && id.ValueKind == JsonValueKind.String)
                {
                    ids.Add(id.GetString()!);
                }
            }
        }

        return ids;
    }

    private static string? Str(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    [GeneratedRegex(@"^\+[1-9][0-9]{1,14}$")]
    private static partial Regex E164();

    [GeneratedRegex(@"^[a-zA-Z0-9&=+$/%\-_!~*().]{1,30}$")]
    private static partial Regex VoiceConnectorUri();

    // Printable ASCII without quotes, backslashes, CR or LF; no leading or trailing space.
    [GeneratedRegex(@"^[!#-\[\]-~]([ !#-\[\]-~]*[!#-\[\]-~])?$")]
    private static partial Regex SafeHeaderValue();
}
