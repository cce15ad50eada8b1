using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace IvrEmulators.Contracts;

/// <summary>Why the SMA cannot use a response (INVALID_LAMBDA_RESPONSE) or an action (ACTION_FAILED): the documented error type and message.</summary>
public sealed record SmaProblem(string ErrorType, string Message);

/// <summary>One participant of the call as the action rules need it.</summary>
public sealed record SmaLeg(string CallId, string Tag, string? From, string? To, bool Connected);

/// <summary>The call an action runs on: its legs, and the numbers and Voice Connectors the account owns (empty: any).</summary>
public sealed record SmaCallView(SmaLeg LegA, SmaLeg? LegB, IReadOnlyCollection<string> OwnedNumbers, IReadOnlyCollection<string> VoiceConnectorArns)
{
    public SmaLeg? Leg(string? callId) =>
        callId == LegA.CallId ? LegA : callId is not null && callId == LegB?.CallId ? LegB : null;

    /// <summary>The leg an action names: its CallId, else its ParticipantTag (LEG-A by default).</summary>
    public string? Targets(JsonObject parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return SmaContract.Text(parameters["CallId"]) ?? (SmaContract.Text(parameters["ParticipantTag"]) == "LEG-B" ? LegB?.CallId : LegA.CallId);
    }
}

/// <summary>
/// The Chime SDK SIP media application's response contract, one checker for the SMA emulator (which answers a breach as
/// Chime does: INVALID_LAMBDA_RESPONSE or ACTION_FAILED) and for the tests (<see cref="Problems(JsonNode, JsonNode)"/>
/// lists every breach of one answer to one event). Each rule carries the page it follows; where a page is silent the
/// stricter reading is taken (UNFRIENDLY).
/// </summary>
public static partial class SmaContract
{
    /// <summary>"You can return up to 10 actions" (https://docs.aws.amazon.com/chime-sdk/latest/dg/pstn-invocations.html).</summary>
    public const int MaxActions = 10;

    /// <summary>
    /// "maximum of 100 key/value pairs" vs the documented error "Maximum number of mappings is 10" on 11 keys
    /// (https://docs.aws.amazon.com/chime-sdk/latest/dg/attribute-trans-invalid.html): UNFRIENDLY, 10.
    /// </summary>
    public const int MaxTransactionAttributes = 10;

    /// <summary>
    /// Amazon Polly's language codes, Speak's allowed <c>LanguageCode</c> values
    /// (https://docs.aws.amazon.com/chime-sdk/latest/dg/speak.html), as the Polly API lists them
    /// (https://docs.aws.amazon.com/polly/latest/dg/API_Voice.html, LanguageCode / AdditionalLanguageCodes).
    /// </summary>
    public static readonly IReadOnlySet<string> PollyLanguageCodes = new HashSet<string>(StringComparer.Ordinal)
    {
        "arb", "cmn-CN", "cy-GB", "da-DK", "de-DE", "en-AU", "en-GB", "en-GB-WLS", "en-IN", "en-US", "es-ES", "es-MX", "es-US",
        "fr-CA", "fr-FR", "is-IS", "it-IT", "ja-JP", "hi-IN", "ko-KR", "nb-NO", "nl-NL", "pl-PL", "pt-BR", "pt-PT", "ro-RO",
        "ru-RU", "sv-SE", "tr-TR", "en-NZ", "en-ZA", "ca-ES", "de-AT", "yue-CN", "ar-AE", "fi-FI", "en-IE", "nl-BE", "fr-BE",
        "cs-CZ", "de-CH",
    };

    /// <summary>
    /// Amazon Polly's voice IDs, Speak's allowed <c>VoiceId</c> values (https://docs.aws.amazon.com/chime-sdk/latest/dg/speak.html),
    /// as the Polly API lists them (https://docs.aws.amazon.com/polly/latest/dg/API_Voice.html, Id). US Spanish (es-US):
    /// Lupe, Pedro (neural), Penelope (https://docs.aws.amazon.com/polly/latest/dg/available-voices.html).
    /// </summary>
    public static readonly IReadOnlySet<string> PollyVoiceIds = new HashSet<string>(StringComparer.Ordinal)
    {
        "Aditi", "Amy", "Astrid", "Bianca", "Brian", "Camila", "Carla", "Carmen", "Celine", "Chantal", "Conchita", "Cristiano",
        "Dora", "Emma", "Enrique", "Ewa", "Filiz", "Gabrielle", "Geraint", "Giorgio", "Gwyneth", "Hans", "Ines", "Ivy", "Jacek",
        "Jan", "Joanna", "Joey", "Justin", "Karl", "Kendra", "Kevin", "Kimberly", "Lea", "Liv", "Lotte", "Lucia", "Lupe", "Mads",
        "Maja", "Marlene", "Mathieu", "Matthew", "Maxim", "Mia", "Miguel", "Mizuki", "Naja", "Nicole", "Olivia", "Penelope",
        "Raveena", "Ricardo", "Ruben", "Russell", "Salli", "Seoyeon", "Takumi", "Tatyana", "Vicki", "Vitoria", "Zeina", "Zhiyu",
        "Aria", "Ayanda", "Arlet", "Hannah", "Arthur", "Daniel", "Liam", "Pedro", "Kajal", "Hiujin", "Laura", "Elin", "Ida",
        "Suvi", "Ola", "Hala",
    };

    /// <summary>"Text is limited to 1,000 characters" (https://docs.aws.amazon.com/chime-sdk/latest/dg/speak.html).</summary>
    public const int MaxSpeakText = 1000;

    /// <summary>"The total size of the JSON string representation of the Configuration object is limited to 10 KB" (https://docs.aws.amazon.com/chime-sdk/latest/dg/start-bot-conversation.html).</summary>
    public const int MaxBotConfigurationBytes = 10 * 1024;

    /// <summary>
    /// Header prefixes reserved for Amazon (https://docs.aws.amazon.com/chime-sdk/latest/dg/sip-headers.html): a
    /// CallAndBridge may send <c>x-</c> headers, <c>User-to-User</c> and <c>Diversion</c>, but none of these.
    /// </summary>
    public static readonly IReadOnlyList<string> ReservedHeaderPrefixes = ["x-amzn", "x-vine", "x-vc", "x-canary", "x-voice"];

    /// <summary>Actions this checker (and the emulator) has rules for.</summary>
    public static readonly IReadOnlySet<string> CheckedActions = new HashSet<string>(StringComparer.Ordinal)
    {
        "Speak", "StartBotConversation", "CallAndBridge", "Hangup", "Pause",
    };

    /// <summary>Documented actions (https://docs.aws.amazon.com/chime-sdk/latest/dg/specify-actions.html) without rules here: valid names, unchecked.</summary>
    public static readonly IReadOnlySet<string> OtherActions = new HashSet<string>(StringComparer.Ordinal)
    {
        "PlayAudio", "PlayAudioAndGetDigits", "SpeakAndGetDigits", "ReceiveDigits", "SendDigits", "RecordAudio", "VoiceFocus",
        "StartCallRecording", "StopCallRecording", "PauseCallRecording", "ResumeCallRecording", "JoinChimeMeeting",
        "ModifyChimeMeetingAttendees",
    };

    /// <summary>E.164 (https://docs.aws.amazon.com/chime-sdk/latest/dg/call-and-bridge.html: PSTN Uri and CallerIdNumber "in E.164 format").</summary>
    [GeneratedRegex(@"^\+[1-9][0-9]{1,14}$", RegexOptions.CultureInvariant)]
    public static partial Regex E164();

    /// <summary>
    /// Why the SMA cannot use <paramref name="response"/> to <paramref name="eventType"/> at all (INVALID_LAMBDA_RESPONSE),
    /// or null. Messages from https://docs.aws.amazon.com/chime-sdk/latest/dg/unexpected-hangups.html; error types are
    /// undocumented except TransactionAttributesInvalidMapSize (attribute-trans-invalid.html).
    /// </summary>
    public static SmaProblem? ResponseProblem(JsonNode? response, string? eventType)
    {
        if (response is not JsonObject root)
        {
            return new("InvalidResponse", "Response is blank or null");
        }

        if (Text(root["SchemaVersion"]) != "1.0")
        {
            return new("SchemaVersionMismatch", "The schema version in the invocation request does not match the schema version in the response");
        }

        if (root["Actions"] is { } list && list is not JsonArray)
        {
            return new("InvalidActionList", "Error while reading actions list");
        }

        var actions = root["Actions"] as JsonArray;
        if (eventType == "NEW_INBOUND_CALL" && actions is not { Count: > 0 })
        {
            return new("InvalidActionList", "Action list is empty");
        }

        if (actions is { Count: > MaxActions })
        {
            return new("InvalidActionList", "Too many actions specified in response");
        }

        foreach (var action in actions ?? [])
        {
            var type = Text(action?["Type"]);
            if (action is not JsonObject || (action["Parameters"] is { } p && p is not JsonObject))
            {
                return new("InvalidActionList", "Error while reading actions list");
            }

            if (type is null || (!CheckedActions.Contains(type) && !OtherActions.Contains(type)))
            {
                return new("InvalidActionList", $"Unsupported action name specified: {type}");
            }
        }

        // TransactionAttributes: string to string (https://docs.aws.amazon.com/chime-sdk/latest/dg/transaction-attributes.html).
        if (root["TransactionAttributes"] is { } attributes)
        {
            if (attributes is not JsonObject map || map.Any(a => Text(a.Value) is null))
            {
                return new("TransactionAttributesInvalid", "Transaction Attributes must map strings to strings");
            }

            if (map.Count > MaxTransactionAttributes)
            {
                return new("TransactionAttributesInvalidMapSize", "Transaction Attributes has too many mappings. Maximum number of mappings is 10");
            }

            if (map.ToJsonString().Length > 20 * 1024)
            {
                return new("TransactionAttributesInvalidSize", "Transaction Attributes are larger than 20 KB");
            }
        }

        return null;
    }

    /// <summary>Why the SMA would fail <paramref name="type"/> with these parameters on this call (ACTION_FAILED), or null.</summary>
    public static SmaProblem? ActionProblem(string type, JsonObject parameters, SmaCallView call)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(call);
        return type switch
        {
            "Speak" => SpeakProblem(parameters, call),
            "StartBotConversation" => StartBotProblem(parameters, call),
            "CallAndBridge" => BridgeProblem(parameters, call) is { } message ? new("InvalidActionParameter", message) : null,
            "Hangup" => HangupProblem(parameters, call),
            "Pause" => PauseProblem(parameters),
            _ => null,
        };
    }

    /// <summary>
    /// Every breach of <paramref name="response"/> as the answer to <paramref name="request"/> (an SMA invocation
    /// event), each action checked against the call the event describes; empty means the SMA can run it all.
    /// </summary>
    public static IReadOnlyList<string> Problems(JsonNode request, JsonNode? response)
    {
        var eventType = Text((request as JsonObject)?["InvocationEventType"]);
        if (ResponseProblem(response, eventType) is { } problem)
        {
            return [$"{problem.ErrorType}: {problem.Message}"];
        }

        var problems = new List<string>();
        var call = View(request);
        foreach (var action in response!["Actions"] as JsonArray ?? [])
        {
            var type = Text(action!["Type"])!;
            if (!CheckedActions.Contains(type))
            {
                problems.Add($"{type}: no rules for this action here");
                continue;
            }

            var parameters = action["Parameters"] as JsonObject ?? [];
            if (ActionProblem(type, parameters, call) is { } actionProblem)
            {
                problems.Add($"{type}: {actionProblem.ErrorType}: {actionProblem.Message}");
            }
        }

        return problems;
    }

    /// <summary><see cref="Problems(JsonNode, JsonNode)"/> on JSON documents.</summary>
    public static IReadOnlyList<string> Problems(JsonElement request, JsonElement response) =>
        Problems(JsonNode.Parse(request.GetRawText())!, JsonNode.Parse(response.GetRawText()));

    /// <summary>
    /// The call an event describes: its Participants (a leg is connected unless its Status says Disconnected); without
    /// any, a caller leg whose id is unknown.
    /// </summary>
    private static SmaCallView View(JsonNode? request)
    {
        var details = (request as JsonObject)?["CallDetails"] as JsonObject;
        var participants = (details?["Participants"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(p => Text(p["CallId"]) is not null)
            .Select(p => new SmaLeg(Text(p["CallId"])!, Text(p["ParticipantTag"]) ?? "", Text(p["From"]), Text(p["To"]), Text(p["Status"]) != "Disconnected"))
            .ToList();
        var legA = participants.FirstOrDefault(p => p.Tag == "LEG-A") ?? participants.FirstOrDefault() ?? new SmaLeg("", "LEG-A", null, null, true);
        return new SmaCallView(legA, participants.FirstOrDefault(p => p != legA), [], []);
    }

    /// <summary>Speak (https://docs.aws.amazon.com/chime-sdk/latest/dg/speak.html).</summary>
    private static SmaProblem? SpeakProblem(JsonObject parameters, SmaCallView call)
    {
        var callId = Text(parameters["CallId"]);
        var text = Text(parameters["Text"]);
        // "CallId ... Required – Yes"; "Text ... Required – Yes"; error table: "Text is a required parameter",
        // "Text is limited to 1,000 characters" (MissingRequiredActionParameter).
        if (callId is null)
        {
            return new("MissingRequiredActionParameter", "CallId is a required parameter");
        }

        if (call.Leg(callId) is not { Connected: true })
        {
            return new("InvalidActionParameter", $"CallId {callId} is not a connected participant");
        }

        if (string.IsNullOrEmpty(text))
        {
            return new("MissingRequiredActionParameter", "Text is a required parameter");
        }

        if (text.Length > MaxSpeakText)
        {
            return new("MissingRequiredActionParameter", "Text is limited to 1,000 characters");
        }

        if (Text(parameters["Engine"]) is { } engine && engine is not ("standard" or "neural"))
        {
            return new("InvalidActionParameter", $"Engine '{engine}' is not standard or neural");
        }

        // "LanguageCode ... Allowed values – Amazon Polly language codes"; "VoiceId ... Allowed values – Amazon Polly voice
        // IDs". UNFRIENDLY: anything else fails the action rather than being spoken in some default voice.
        if (Text(parameters["LanguageCode"]) is { } language && !PollyLanguageCodes.Contains(language))
        {
            return new("InvalidActionParameter", $"LanguageCode '{language}' is not an Amazon Polly language code");
        }

        if (Text(parameters["VoiceId"]) is { } voice && !PollyVoiceIds.Contains(voice))
        {
            return new("InvalidActionParameter", $"VoiceId '{voice}' is not an Amazon Polly voice ID");
        }

        if (Text(parameters["TextType"]) is { } textType && textType is not ("text" or "ssml"))
        {
            return new("InvalidActionParameter", $"TextType '{textType}' is not text or ssml");
        }

        return null;
    }

    /// <summary>StartBotConversation (https://docs.aws.amazon.com/chime-sdk/latest/dg/start-bot-conversation.html): the call's side.</summary>
    private static SmaProblem? StartBotProblem(JsonObject parameters, SmaCallView call)
    {
        var callId = Text(parameters["CallId"]);
        var tag = Text(parameters["ParticipantTag"]);
        // "CallId ... Required – No, if ParticipantTag is present"; ParticipantTag "Allowed values – LEG-A".
        if (callId is null && tag is null)
        {
            return new("InvalidActionParameter", "CallId or ParticipantTag is required");
        }

        if (callId is null && tag != "LEG-A")
        {
            return new("InvalidActionParameter", $"ParticipantTag '{tag}' is not LEG-A");
        }

        if (callId is not null && callId != call.LegA.CallId)
        {
            return new("InvalidActionParameter", $"CallId {callId} is not the caller's leg");
        }

        // "You can't run this action on a bridged call".
        if (call.LegB is { Connected: true })
        {
            return new("InvalidActionParameter", "StartBotConversation cannot run on a bridged call");
        }

        // "BotAliasArn ... Required – Yes".
        if (Text(parameters["BotAliasArn"]) is null)
        {
            return new("InvalidActionParameter", "BotAliasArn is required");
        }

        return parameters["Configuration"] is JsonObject configuration && configuration.ToJsonString().Length > MaxBotConfigurationBytes
            ? new("InvalidActionParameter", "Configuration is larger than 10 KB")
            : BotConfigurationProblem(parameters["Configuration"] as JsonObject);
    }

    /// <summary>
    /// StartBotConversation's Configuration as the bot receives it
    /// (https://docs.aws.amazon.com/chime-sdk/latest/dg/start-bot-conversation.html), or null.
    /// </summary>
    public static SmaProblem? BotConfigurationProblem(JsonObject? configuration)
    {
        var state = configuration?["SessionState"] as JsonObject;
        var type = Text(state?["DialogAction"]?["Type"]);
        var welcome = configuration?["WelcomeMessages"] as JsonArray;

        // "Configuration.SessionState.DialogAction.Type ... Allowed values – Delegate | ElicitIntent" and "If you set
        // the welcomeMessage field, you must set the DialogAction.Type value to ElicitIntent."
        if (state?["DialogAction"] is not null && type is not ("Delegate" or "ElicitIntent"))
        {
            return new("InvalidActionParameter", $"DialogAction.Type '{type}' is not Delegate or ElicitIntent.");
        }

        if (welcome is { Count: > 0 } && type != "ElicitIntent")
        {
            return new("InvalidActionParameter", "WelcomeMessages require DialogAction.Type ElicitIntent.");
        }

        foreach (var message in welcome ?? [])
        {
            if (Text(message?["ContentType"]) is not ("PlainText" or "SSML") || Text(message?["Content"]) is null)
            {
                return new("InvalidActionParameter", "A welcome message needs Content and ContentType PlainText or SSML.");
            }
        }

        foreach (var (key, value) in state?["SessionAttributes"] as JsonObject ?? [])
        {
            if (Text(value) is null)
            {
                return new("InvalidActionParameter", $"Session attribute '{key}' is not a string.");
            }
        }

        return null;
    }

    /// <summary>Hangup (https://docs.aws.amazon.com/chime-sdk/latest/dg/hangup.html).</summary>
    private static SmaProblem? HangupProblem(JsonObject parameters, SmaCallView call)
    {
        var code = parameters["SipResponseCode"] is { } c ? c.ToString() : "0";
        if (code is not ("0" or "480" or "486"))
        {
            return new("InvalidActionParameter", $"SipResponseCode {code} is not 0, 480 or 486");
        }

        return call.Leg(call.Targets(parameters)) is not { Connected: true }
            ? new("InvalidActionParameter", "The call leg to hang up is not connected")
            : null;
    }

    /// <summary>Pause: DurationInMilliseconds, required, > 0 (https://docs.aws.amazon.com/chime-sdk/latest/dg/pause.html).</summary>
    private static SmaProblem? PauseProblem(JsonObject parameters) =>
        Number(parameters["DurationInMilliseconds"]) is not > 0
            ? new("InvalidActionParameter", "DurationInMilliseconds must be a positive integer.")
            : null;

    internal static string? Text(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    internal static double? Number(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() is JsonValueKind.Number or JsonValueKind.String
        && double.TryParse(v.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            ? d
            : null;
}
