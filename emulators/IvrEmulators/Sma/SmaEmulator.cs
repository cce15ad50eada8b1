using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using IvrEmulators.Lex;

namespace IvrEmulators.Sma;

/// <summary>Identity of the emulated SIP media application and what it owns.</summary>
public sealed record SmaEmulatorOptions
{
    public string AccountId { get; init; } = "111111111111";

    public string Region { get; init; } = "us-east-1";

    public string SipMediaApplicationId { get; init; } = "0f9e8d7c-6b5a-4c3d-8e2f-1a0b9c8d7e6f";

    public string SipRuleId { get; init; } = "8d7e2f1a-4b5c-4e6d-9a0b-1c2d3e4f5a6b";

    /// <summary>Voice Connector ARNs a CallAndBridge to <c>AWS</c> may name; empty accepts any Voice Connector ARN.</summary>
    public IReadOnlyCollection<string> VoiceConnectorArns { get; init; } = [];

    /// <summary>Numbers of the account (a caller ID may be one of these or LEG-A's From); the called number always is.</summary>
    public IReadOnlyCollection<string> OwnedNumbers { get; init; } = [];

    /// <summary>Invocations per call (the documented limit is 1,000; a runaway loop stops much earlier here).</summary>
    public int MaxInvocations { get; init; } = 100;

    public long MaxCallMs { get; init; } = 30 * 60 * 1000;
}

/// <summary>
/// The Chime SDK SIP media application's part of a call (https://docs.aws.amazon.com/chime-sdk/latest/dg/pstn-invocations.html):
/// invokes the Lambda with the documented events, runs the returned actions in order, plays the caller's script, and
/// reports what the caller heard, every bridge, how the call ended, dead air and contract violations.
/// </summary>
public sealed partial class SmaEmulator(
    LexRuntimeEmulator? lex,
    Func<JsonObject, CancellationToken, Task<JsonObject?>> lambda,
    SmaEmulatorOptions? options = null,
    IBridgeTarget? bridgeTarget = null)
{
    private const int MaxActions = 10;
    private const int MaxSpeakText = 1000;

    // "maximum of 100 key/value pairs" vs the documented error "Maximum number of mappings is 10" on 11 keys
    // (https://docs.aws.amazon.com/chime-sdk/latest/dg/attribute-trans-invalid.html): UNFRIENDLY, 10.
    private const int MaxTransactionAttributes = 10;

    private static readonly HashSet<string> EmulatedActions = new(StringComparer.Ordinal)
    {
        "Speak", "StartBotConversation", "CallAndBridge", "Hangup", "Pause",
    };

    // Documented actions this emulator does not play; a response using them is valid but the action fails here.
    private static readonly HashSet<string> OtherActions = new(StringComparer.Ordinal)
    {
        "PlayAudio", "PlayAudioAndGetDigits", "SpeakAndGetDigits", "ReceiveDigits", "SendDigits", "RecordAudio", "VoiceFocus",
        "StartCallRecording", "StopCallRecording", "PauseCallRecording", "ResumeCallRecording", "JoinChimeMeeting",
        "ModifyChimeMeetingAttendees",
    };

    private readonly SmaEmulatorOptions settings = options ?? new SmaEmulatorOptions();

    public LexRuntimeEmulator? Lex { get; } = lex;

    private Func<JsonObject, CancellationToken, Task<JsonObject?>> Lambda { get; } = lambda;

    public Task<CallRecord> RunCallAsync(CallScript script, CancellationToken cancellationToken = default) =>
        RunCallAsync(script, new ScriptedInputs(script?.Inputs ?? []), cancellationToken);

    public Task<CallRecord> RunCallAsync(CallScript script, ICallerInputSource inputs, CancellationToken cancellationToken = default) =>
        RunCallAsync(script, inputs, new CallRecord(), cancellationToken);

    /// <summary>Runs the call into <paramref name="record"/>, which a live reader (e.g. an interactive console) may watch.</summary>
    public async Task<CallRecord> RunCallAsync(CallScript script, ICallerInputSource inputs, CallRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(script);
        ArgumentNullException.ThrowIfNull(record);
        var call = new Call(script, new SimulatedLine(script, inputs, record), record, settings, bridgeTarget ?? new ScriptedBridgeTarget(script));
        await new CallRun(this, call).RunAsync(cancellationToken).ConfigureAwait(false);
        record.TransactionAttributes = new Dictionary<string, string>(call.Attributes);
        return record;
    }

    internal sealed class Call(CallScript script, SimulatedLine line, CallRecord record, SmaEmulatorOptions options, IBridgeTarget bridges)
    {
        public CallScript Script { get; } = script;

        public SimulatedLine Line { get; } = line;

        public CallRecord Record { get; } = record;

        public SmaEmulatorOptions Options { get; } = options;

        public IBridgeTarget BridgeTarget { get; } = bridges;

        public string TransactionId { get; } = Guid.NewGuid().ToString();

        public Leg LegA { get; } = new(Guid.NewGuid().ToString(), "LEG-A", script.CalledNumber, script.CallerNumber, "Inbound");

        public Leg? LegB { get; set; }

        public Dictionary<string, string> Attributes { get; set; } = new(StringComparer.Ordinal);

        public int Sequence { get; set; }

        public bool Answered { get; set; }

        public Dictionary<string, int> ActionCounts { get; } = new(StringComparer.Ordinal);

        public JsonObject? LastAction { get; set; }

        /// <summary>Who left first, where and connected to what: how the call ended once the last leg is gone.</summary>
        public CallEnding? FirstLeft { get; set; }

        public long StartedAt { get; } = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    }

    internal sealed class Leg(string callId, string tag, string to, string from, string direction)
    {
        public string CallId { get; } = callId;

        public string Tag { get; } = tag;

        public string To { get; } = to;

        public string From { get; } = from;

        public string Direction { get; } = direction;

        public bool Connected { get; set; } = true;

        public long StartMs { get; init; }
    }

    /// <summary>The documented outcome of running an action list: the next event to send, or null when the call is over.</summary>
    private sealed class CallRun(SmaEmulator sma, Call call)
    {
        private SimulatedLine Line => call.Line;

        public async Task RunAsync(CancellationToken cancellationToken)
        {
            JsonObject? next = Event("NEW_INBOUND_CALL", null);
            var invocations = 0;
            while (next is not null)
            {
                if (++invocations > sma.settings.MaxInvocations || Line.NowMs > sma.settings.MaxCallMs)
                {
                    call.Record.Violations.Add($"the call did not end after {invocations - 1} invocations / {Line.NowMs / 1000} s");
                    End("time limit", "runaway call");
                    break;
                }

                var type = next["InvocationEventType"]!.GetValue<string>();
                var response = await InvokeAsync(next, cancellationToken).ConfigureAwait(false);
                if (call.Record.Ending is not null)
                {
                    break;
                }

                // HANGUP: "on a single-leg call the response is ignored"; actions are used only while another
                // participant is still Connected (https://docs.aws.amazon.com/chime-sdk/latest/dg/hangup.html).
                if (!call.LegA.Connected && call.LegB is not { Connected: true })
                {
                    break;
                }

                var problem = ResponseProblem(response, type);
                if (problem is not null)
                {
                    call.Record.Violations.Add($"INVALID_LAMBDA_RESPONSE to {type}: {problem.Value.Message}");
                    next = Event("INVALID_LAMBDA_RESPONSE", null, problem.Value.ErrorType, problem.Value.Message);
                    continue;
                }

                // TransactionAttributes: a map replaces the stored one ({} erases it); absent or null keeps it
                // (https://docs.aws.amazon.com/chime-sdk/latest/dg/transaction-attributes.html).
                if (response!["TransactionAttributes"] is JsonObject attributes)
                {
                    call.Attributes = attributes.ToDictionary(a => a.Key, a => a.Value!.GetValue<string>(), StringComparer.Ordinal);
                }

                var actions = response["Actions"] as JsonArray;
                next = actions is { Count: > 0 }
                    ? await RunActionsAsync(actions, cancellationToken).ConfigureAwait(false)
                    : await IdleAsync().ConfigureAwait(false);
            }

            call.Record.Ending ??= call.FirstLeft ?? new CallEnding(Line.NowMs, "call ended", "no connected leg", null);
            Line.EndSilence();
            if (call.Script.LateEvent && call.LastAction is not null)
            {
                await LateEventAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>
        /// Actions run in order; "ACTION_SUCCESSFUL is sent only if all actions of the list succeed; if one fails you
        /// get ACTION_FAILED and the actions after it are discarded" (pstn-invocations, use-case-2), describing the
        /// last action run.
        /// </summary>
        private async Task<JsonObject?> RunActionsAsync(JsonArray actions, CancellationToken cancellationToken)
        {
            JsonObject? data = null;
            for (var i = 0; i < actions.Count; i++)
            {
                var action = (JsonObject)actions[i]!;
                var type = action["Type"]!.GetValue<string>();
                var parameters = action["Parameters"] as JsonObject ?? [];
                call.LastAction = action;
                call.ActionCounts[type] = call.ActionCounts.GetValueOrDefault(type) + 1;
                if (!call.LegA.Connected && Targets(parameters) == call.LegA.CallId && type != "Hangup")
                {
                    call.Record.Violations.Add($"{type} addressed to LEG-A after the caller hung up");
                }

                var result = await RunAsync(type, parameters, cancellationToken).ConfigureAwait(false);
                if (result.Next is not null)
                {
                    if (i < actions.Count - 1 && result.Next["InvocationEventType"]?.GetValue<string>() == "HANGUP" && !CallerLeft(result.Next))
                    {
                        call.Record.Violations.Add($"{actions.Count - i - 1} action(s) after Hangup were never run");
                    }

                    return result.Next;
                }

                if (result.ErrorType is not null)
                {
                    return Event("ACTION_FAILED", ActionData(type, result.Parameters ?? parameters, result.ErrorType, result.ErrorMessage));
                }

                data = ActionData(type, result.Parameters ?? parameters);
                if (result.IntentResult is not null)
                {
                    data["IntentResult"] = result.IntentResult;
                }
            }

            return Event("ACTION_SUCCESSFUL", data);
        }

        private static bool CallerLeft(JsonObject hangup) =>
            hangup["ActionData"]?["Parameters"]?["ParticipantTag"]?.GetValue<string>() == "LEG-A";

        private async Task<ActionResult> RunAsync(string type, JsonObject parameters, CancellationToken cancellationToken)
        {
            if (Fault(type) is { } fault)
            {
                return ActionResult.Fail(fault.ErrorType, fault.ErrorMessage);
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
                    // Pause: DurationInMilliseconds, required, > 0 (https://docs.aws.amazon.com/chime-sdk/latest/dg/pause.html).
                    var pause = Number(parameters["DurationInMilliseconds"]);
                    if (pause is not > 0)
                    {
                        return ActionResult.Fail("InvalidActionParameter", "DurationInMilliseconds must be a positive integer.");
                    }

                    Line.Silent((int)pause.Value);
                    return ActionResult.Ok();
                default:
                    call.Record.Violations.Add($"{type} is a documented action this emulator does not play");
                    return ActionResult.Fail("SystemException", $"{type} is not emulated.");
            }
        }

        private ActionFault? Fault(string type) =>
            call.Script.Faults.FirstOrDefault(f => f.ActionType == type && f.Occurrence == call.ActionCounts.GetValueOrDefault(type));

        /// <summary>Speak (https://docs.aws.amazon.com/chime-sdk/latest/dg/speak.html).</summary>
        private ActionResult Speak(JsonObject parameters)
        {
            var callId = Text(parameters["CallId"]);
            var text = Text(parameters["Text"]);
            // "CallId ... Required – Yes"; "Text ... Required – Yes"; error table: "Text is a required parameter",
            // "Text is limited to 1,000 characters" (MissingRequiredActionParameter).
            if (callId is null)
            {
                return ActionResult.Fail("MissingRequiredActionParameter", "CallId is a required parameter");
            }

            if (Leg(callId) is not { Connected: true })
            {
                return ActionResult.Fail("InvalidActionParameter", $"CallId {callId} is not a connected participant");
            }

            if (string.IsNullOrEmpty(text))
            {
                return ActionResult.Fail("MissingRequiredActionParameter", "Text is a required parameter");
            }

            if (text.Length > MaxSpeakText)
            {
                return ActionResult.Fail("MissingRequiredActionParameter", "Text is limited to 1,000 characters");
            }

            if (Text(parameters["Engine"]) is { } engine && engine is not ("standard" or "neural"))
            {
                return ActionResult.Fail("InvalidActionParameter", $"Engine '{engine}' is not standard or neural");
            }

            if (Text(parameters["TextType"]) is { } textType && textType is not ("text" or "ssml"))
            {
                return ActionResult.Fail("InvalidActionParameter", $"TextType '{textType}' is not text or ssml");
            }

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

        /// <summary>StartBotConversation (https://docs.aws.amazon.com/chime-sdk/latest/dg/start-bot-conversation.html).</summary>
        private async Task<ActionResult> StartBotAsync(JsonObject parameters, CancellationToken cancellationToken)
        {
            var callId = Text(parameters["CallId"]);
            var tag = Text(parameters["ParticipantTag"]);
            // "CallId ... Required – No, if ParticipantTag is present"; ParticipantTag "Allowed values – LEG-A".
            if (callId is null && tag is null)
            {
                return ActionResult.Fail("InvalidActionParameter", "CallId or ParticipantTag is required");
            }

            if (callId is null && tag != "LEG-A")
            {
                return ActionResult.Fail("InvalidActionParameter", $"ParticipantTag '{tag}' is not LEG-A");
            }

            if (callId is not null && callId != call.LegA.CallId)
            {
                return ActionResult.Fail("InvalidActionParameter", $"CallId {callId} is not the caller's leg");
            }

            // "You can't run this action on a bridged call".
            if (call.LegB is { Connected: true })
            {
                return ActionResult.Fail("InvalidActionParameter", "StartBotConversation cannot run on a bridged call");
            }

            // "BotAliasArn ... Required – Yes"; "ResourceNotFound – A specified bot is not found."
            var arn = Text(parameters["BotAliasArn"]);
            if (arn is null)
            {
                return ActionResult.Fail("InvalidActionParameter", "BotAliasArn is required");
            }

            if (sma.Lex is null || arn != sma.Lex.BotAliasArn)
            {
                return ActionResult.Fail("ResourceNotFound", $"Bot alias {arn} not found");
            }

            var locale = Text(parameters["LocaleId"]) ?? "en_US";
            if (sma.Lex.Bot.Locales.All(l => l.LocaleId != locale))
            {
                return ActionResult.Fail("InvalidActionParameter", $"LocaleId {locale} is not a locale of the bot");
            }

            // "The total size of the JSON string representation of the Configuration object is limited to 10 KB."
            var configuration = parameters["Configuration"] as JsonObject;
            if (configuration is not null && configuration.ToJsonString().Length > 10 * 1024)
            {
                return ActionResult.Fail("InvalidActionParameter", "Configuration is larger than 10 KB");
            }

            call.Answered = true;
            var result = await sma.Lex.StartConversationAsync(call.LegA.CallId, locale, configuration, Line, cancellationToken).ConfigureAwait(false);
            return result.Status switch
            {
                BotConversationStatus.CallerHungUp => ActionResult.Then(CallerHangsUp()),
                BotConversationStatus.Failed => ActionResult.Fail(result.ErrorType!, result.ErrorMessage!),
                _ => ActionResult.Ok(intentResult: result.IntentResult),
            };
        }

        /// <summary>CallAndBridge (https://docs.aws.amazon.com/chime-sdk/latest/dg/call-and-bridge.html).</summary>
        private async Task<ActionResult> BridgeAsync(JsonObject parameters, CancellationToken cancellationToken)
        {
            var problem = BridgeProblem(parameters);
            if (problem is not null)
            {
                return ActionResult.Fail("InvalidActionParameter", problem);
            }

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
                    call.LegB = new Leg(Guid.NewGuid().ToString(), "LEG-B", request.Uri, request.CallerIdNumber, "Outbound") { StartMs = Line.NowMs };
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

        private string? BridgeProblem(JsonObject parameters)
        {
            // CallTimeoutSeconds "Integer 0 < x <= 120"; CallerIdNumber "A number belonging to the customer, or the From
            // number of the A Leg"; exactly one endpoint; PSTN Uri E.164; AWS needs a Voice Connector Arn, Uri 1-30
            // characters; SIP headers x-… / User-to-User / Diversion, X-AMZN reserved
            // (https://docs.aws.amazon.com/chime-sdk/latest/dg/sip-headers.html).
            if (call.LegB is { Connected: true })
            {
                return "The call is already bridged";
            }

            if (parameters["CallTimeoutSeconds"] is { } timeout && Number(timeout) is not (> 0 and <= 120))
            {
                return "The MaxCallTimeout parameter is invalid";
            }

            var callerId = Text(parameters["CallerIdNumber"]);
            if (callerId is null)
            {
                return "Caller ID not defined";
            }

            if (!E164().IsMatch(callerId) || (callerId != call.LegA.From && callerId != call.LegA.To && !call.Options.OwnedNumbers.Contains(callerId)))
            {
                return "Invalid caller ID number provided";
            }

            if (parameters["Endpoints"] is not JsonArray { Count: 1 } endpoints || endpoints[0] is not JsonObject endpoint)
            {
                return "Invalid number of endpoints provided";
            }

            var uri = Text(endpoint["Uri"]);
            switch (Text(endpoint["BridgeEndpointType"]))
            {
                case "PSTN":
                    if (endpoint["Arn"] is not null || uri is null || !E164().IsMatch(uri))
                    {
                        return "Endpoint parameter is invalid";
                    }

                    break;
                case "AWS":
                    var arn = Text(endpoint["Arn"]);
                    var known = call.Options.VoiceConnectorArns.Count == 0
                        ? arn is not null && VoiceConnectorArn().IsMatch(arn)
                        : arn is not null && call.Options.VoiceConnectorArns.Contains(arn);
                    if (!known || uri is null || !VoiceConnectorUri().IsMatch(uri))
                    {
                        return "Endpoint parameter is invalid";
                    }

                    break;
                default:
                    return "Endpoint parameter is invalid";
            }

            if (parameters["SipHeaders"] is { } sipHeaders)
            {
                if (sipHeaders is not JsonObject map || map.Count > 20)
                {
                    return "Invalid SIP header(s) provided";
                }

                foreach (var (name, value) in map)
                {
                    var allowed = name.StartsWith("x-", StringComparison.OrdinalIgnoreCase) || name is "User-to-User" or "Diversion";
                    var reserved = new[] { "x-amzn", "x-vine", "x-vc", "x-canary", "x-voice" }.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase));
                    if (!allowed || reserved || Text(value) is not { Length: <= 2048 })
                    {
                        return $"Invalid SIP header(s) provided: {name}";
                    }
                }
            }

            return null;
        }

        /// <summary>Hangup (https://docs.aws.amazon.com/chime-sdk/latest/dg/hangup.html).</summary>
        private ActionResult Hangup(JsonObject parameters)
        {
            var code = parameters["SipResponseCode"] is { } c ? c.ToString() : "0";
            if (code is not ("0" or "480" or "486"))
            {
                return ActionResult.Fail("InvalidActionParameter", $"SipResponseCode {code} is not 0, 480 or 486");
            }

            var leg = Leg(Targets(parameters));
            if (leg is not { Connected: true })
            {
                return ActionResult.Fail("InvalidActionParameter", "The call leg to hang up is not connected");
            }

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

        /// <summary>Nothing left to run: the caller talks to the agent, or waits in silence, until someone hangs up.</summary>
        private Task<JsonObject?> IdleAsync()
        {
            if (call.LegB is { Connected: true } agent && call.LegA.Connected)
            {
                // Each act of the caller's while bridged (waiting, talking) is one talk period; they may hang up
                // first. With nothing more to do, one last period, then whoever the script says hangs up.
                while (true)
                {
                    var act = Line.CallerActs();
                    if (act is CallerInput.HangUp)
                    {
                        return Task.FromResult<JsonObject?>(CallerHangsUp());
                    }

                    Line.Occupied(call.Script.Agent.TalkSeconds * 1000);
                    if (call.Script.Agent.AgentHangsUp && !Line.CallerGone)
                    {
                        LegGone(agent, "agent hung up");
                        return Task.FromResult<JsonObject?>(HangupEvent(agent, "0"));
                    }

                    if (act is null || Line.NowMs > sma.settings.MaxCallMs)
                    {
                        return Task.FromResult<JsonObject?>(CallerHangsUp());
                    }
                }
            }

            if (call.LegA.Connected)
            {
                // The caller is left with nothing playing: they wait, then hang up.
                Line.Silent(call.Script.CallerPatienceMs);
                return Task.FromResult<JsonObject?>(CallerHangsUp());
            }

            if (call.LegB is { Connected: true } orphan)
            {
                // "If one call leg hangs up, the other call leg does not automatically hang up ... the call is billed
                // until it is hung up" (call-and-bridge.html).
                call.Record.Violations.Add("LEG-B was left connected after the caller hung up");
                Line.Occupied(call.Script.Agent.TalkSeconds * 1000);
                LegGone(orphan, "agent hung up");
                return Task.FromResult<JsonObject?>(HangupEvent(orphan, "0"));
            }

            return Task.FromResult<JsonObject?>(null);
        }

        private JsonObject CallerHangsUp()
        {
            Line.CallerHangsUp();
            LegGone(call.LegA, "caller hung up");
            return HangupEvent(call.LegA, "0");
        }

        /// <summary>A leg disconnects; the first to leave says how the call ended, the last one ends it.</summary>
        private void LegGone(Leg leg, string how)
        {
            call.FirstLeft ??= new CallEnding(Line.NowMs, how, Where(), call.LegB is { Connected: true } b ? b.To : null);
            leg.Connected = false;
            if (leg == call.LegA)
            {
                Line.CallerHangsUp();
            }

            if (!call.LegA.Connected && call.LegB is not { Connected: true })
            {
                call.Record.Ending ??= call.FirstLeft with { AtMs = Line.NowMs };
            }
        }

        private string Where() =>
            call.LegB is { Connected: true } b ? $"bridged to {b.To}"
            : call.ActionCounts.ContainsKey("CallAndBridge") ? "after a bridge attempt"
            : call.ActionCounts.ContainsKey("StartBotConversation") ? "after the bot"
            : "before any bot or bridge";

        private void End(string how, string where) =>
            call.Record.Ending ??= new CallEnding(Line.NowMs, how, where, call.LegB is { Connected: true } b ? b.To : null);

        /// <summary>HANGUP: ActionData {Type: "Hangup", Parameters {SipResponseCode, CallId, ParticipantTag}} of the leg that left.</summary>
        private JsonObject HangupEvent(Leg leg, string code) =>
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

        private async Task LateEventAsync(CancellationToken cancellationToken)
        {
            var action = call.LastAction!;
            var late = Event("ACTION_FAILED", ActionData(action["Type"]!.GetValue<string>(), action["Parameters"] as JsonObject ?? [], "SystemException", "The call leg is no longer connected"));
            var response = await InvokeAsync(late, cancellationToken).ConfigureAwait(false);
            var actions = (response?["Actions"] as JsonArray ?? []).Select(a => Text(a?["Type"])).Where(t => t != "Hangup").ToList();
            if (actions.Count > 0)
            {
                call.Record.Violations.Add($"a late ACTION_FAILED after the caller left was answered with {string.Join(", ", actions)}");
            }
        }

        private async Task<JsonObject?> InvokeAsync(JsonObject invocation, CancellationToken cancellationToken)
        {
            JsonObject? response;
            try
            {
                response = await sma.Lambda(invocation, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
#pragma warning disable CA1031 // A failing Lambda is an outcome of the call, not of the emulator.
            catch (Exception e)
#pragma warning restore CA1031
            {
                DrainPutSessions();
                Line.Record("sma-event", invocation, new JsonObject { ["error"] = e.Message });
                call.Record.Violations.Add($"the Lambda failed on {invocation["InvocationEventType"]}: {e.Message}");
                // Unexpected hang-ups: a function error ends the call (https://docs.aws.amazon.com/chime-sdk/latest/dg/unexpected-hangups.html).
                if (call.Record.Ending is null)
                {
                    End("SMA hung up: Lambda error", Where());
                }

                return null;
            }

            DrainPutSessions();
            Line.Record("sma-event", invocation, response);
            return response;
        }

        private void DrainPutSessions()
        {
            while (sma.Lex?.PutSessionCalls.TryDequeue(out var put) == true)
            {
                Line.Record("lex-put-session", new JsonObject { ["sessionId"] = put.SessionId, ["body"] = put.Request }, new JsonObject { ["status"] = put.Status, ["result"] = put.Response.DeepClone() });
            }
        }

        /// <summary>Why the SMA cannot use the response (INVALID_LAMBDA_RESPONSE), or null.</summary>
        private static (string ErrorType, string Message)? ResponseProblem(JsonObject? response, string eventType)
        {
            // Messages from https://docs.aws.amazon.com/chime-sdk/latest/dg/unexpected-hangups.html; error types are
            // undocumented except TransactionAttributesInvalidMapSize (attribute-trans-invalid.html).
            if (response is null)
            {
                return ("InvalidResponse", "Response is blank or null");
            }

            if (Text(response["SchemaVersion"]) != "1.0")
            {
                return ("SchemaVersionMismatch", "The schema version in the invocation request does not match the schema version in the response");
            }

            if (response["Actions"] is { } list && list is not JsonArray)
            {
                return ("InvalidActionList", "Error while reading actions list");
            }

            var actions = response["Actions"] as JsonArray;
            if (eventType == "NEW_INBOUND_CALL" && actions is not { Count: > 0 })
            {
                return ("InvalidActionList", "Action list is empty");
            }

            if (actions is { Count: > MaxActions })
            {
                return ("InvalidActionList", "Too many actions specified in response");
            }

            foreach (var action in actions ?? [])
            {
                var type = Text(action?["Type"]);
                if (action is not JsonObject || (action["Parameters"] is { } p && p is not JsonObject))
                {
                    return ("InvalidActionList", "Error while reading actions list");
                }

                if (type is null || (!EmulatedActions.Contains(type) && !OtherActions.Contains(type)))
                {
                    return ("InvalidActionList", $"Unsupported action name specified: {type}");
                }
            }

            if (response["TransactionAttributes"] is { } attributes)
            {
                if (attributes is not JsonObject map || map.Any(a => Text(a.Value) is null))
                {
                    return ("TransactionAttributesInvalid", "Transaction Attributes must map strings to strings");
                }

                if (map.Count > MaxTransactionAttributes)
                {
                    return ("TransactionAttributesInvalidMapSize", "Transaction Attributes has too many mappings. Maximum number of mappings is 10");
                }

                if (map.ToJsonString().Length > 20 * 1024)
                {
                    return ("TransactionAttributesInvalidSize", "Transaction Attributes are larger than 20 KB");
                }
            }

            return null;
        }

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
                details["TransactionAttributes"] = IvrEmulators.Lex.Attributes.ToJson(call.Attributes);
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

        private JsonObject Participant(Leg leg) => new()
        {
            ["CallId"] = leg.CallId,
            ["ParticipantTag"] = leg.Tag,
            ["To"] = leg.To,
            ["From"] = leg.From,
            ["Direction"] = leg.Direction,
            ["StartTimeInMilliseconds"] = (call.StartedAt + leg.StartMs).ToString(CultureInfo.InvariantCulture),
            ["Status"] = leg.Connected ? "Connected" : "Disconnected",
        };

        private string? Targets(JsonObject parameters) =>
            Text(parameters["CallId"]) ?? (Text(parameters["ParticipantTag"]) == "LEG-B" ? call.LegB?.CallId : call.LegA.CallId);

        private Leg? Leg(string? callId) =>
            callId == call.LegA.CallId ? call.LegA : callId is not null && callId == call.LegB?.CallId ? call.LegB : null;
    }

    private sealed record ActionResult(string? ErrorType, string? ErrorMessage, JsonObject? Parameters, JsonObject? IntentResult, JsonObject? Next)
    {
        public static ActionResult Ok(JsonObject? parameters = null, JsonObject? intentResult = null) => new(null, null, parameters, intentResult, null);

        public static ActionResult Fail(string errorType, string message, JsonObject? parameters = null) => new(errorType, message, parameters, null, null);

        /// <summary>The action ended the list with an event of its own (a HANGUP).</summary>
        public static ActionResult Then(JsonObject next) => new(null, null, null, null, next);
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static double? Number(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() is System.Text.Json.JsonValueKind.Number or System.Text.Json.JsonValueKind.String
        && double.TryParse(v.ToString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d)
            ? d
            : null;

    [GeneratedRegex(@"^\+[1-9]\d{1,14}$")]
    private static partial Regex E164();

    [GeneratedRegex(@"^arn:aws[a-z-]*:chime:[a-z0-9-]+:\d{12}:vc(-group)?/[a-z0-9]+$")]
    private static partial Regex VoiceConnectorArn();

    [GeneratedRegex(@"^[a-zA-Z0-9&=+$/%\-_!~*().]{1,30}$")]
    private static partial Regex VoiceConnectorUri();
}
