using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using IvrEmulators.Contracts;

namespace IvrEmulators.Lex;

/// <summary>Identity of the emulated bot: the ids CloudFormation would assign, and the account and Region.</summary>
public sealed record LexEmulatorOptions
{
    /// <summary>10 alphanumerics, as Lex assigns (runtime model BotIdentifier).</summary>
    public string BotId { get; init; } = "EMULBOT001";

    public string BotAliasId { get; init; } = "EMULALIAS1";

    public string BotVersion { get; init; } = "1";

    public string Region { get; init; } = "us-east-1";

    public string AccountId { get; init; } = "111111111111";

    /// <summary>How long each code hook call takes on the simulated clock.</summary>
    public int CodeHookLatencyMs { get; init; } = 200;

    /// <summary>Where the pages are silent, which reading to play (emulators/README.md, "Open readings").</summary>
    public DocReadings Readings { get; init; } = DocReadings.Default;

    /// <summary>The alias ARN these ids make (what a service's <c>Lex:BotAliasArn</c> must be to reach this bot).</summary>
    public string BotAliasArn => $"arn:aws:lex:{Region}:{AccountId}:bot-alias/{BotId}/{BotAliasId}";
}

/// <summary>A Lex runtime API error: HTTP status, <c>x-amzn-ErrorType</c> and message.</summary>
public sealed class LexApiException(int status, string errorType, string message) : Exception(message)
{
    public int Status { get; } = status;

    public string ErrorType { get; } = errorType;
}

public enum BotConversationStatus
{
    /// <summary>The conversation reached Close: Chime sends ACTION_SUCCESSFUL with the IntentResult.</summary>
    Succeeded,

    /// <summary>The conversation could not go on: Chime sends ACTION_FAILED.</summary>
    Failed,

    CallerHungUp,
}

public sealed record BotConversationResult(BotConversationStatus Status, JsonObject? IntentResult, string? ErrorType = null, string? ErrorMessage = null);

/// <summary>A PutSession the emulator answered (over HTTP or in process), for the call log.</summary>
public sealed record PutSessionCall(string SessionId, JsonObject Request, int Status, JsonNode Response);

/// <summary>
/// Amazon Lex V2 runtime for one bot alias, driven by the bot definition of a synthesized template: PutSession and
/// the streaming conversation Chime's StartBotConversation holds with the caller. The code hook is a transport
/// delegate taking and returning the Lambda event JSON.
/// </summary>
public sealed class LexRuntimeEmulator(
    BotDefinition bot, Func<JsonObject, CancellationToken, Task<JsonObject>> codeHook, LexEmulatorOptions? options = null)
{
    private readonly ConcurrentDictionary<string, LexSession> sessions = new(StringComparer.Ordinal);

    public BotDefinition Bot { get; } = bot;

    public LexEmulatorOptions Options { get; } = options ?? new LexEmulatorOptions();

    public string BotAliasArn => Options.BotAliasArn;

    /// <summary>PutSession calls in arrival order (the SMA emulator moves them into the call log).</summary>
    public ConcurrentQueue<PutSessionCall> PutSessionCalls { get; } = new();

    internal Func<JsonObject, CancellationToken, Task<JsonObject>> CodeHook { get; } = codeHook;

    public LexSession? Session(string sessionId) => sessions.GetValueOrDefault(sessionId);

    /// <summary>
    /// PutSession (https://docs.aws.amazon.com/lexv2/latest/APIReference/API_runtime_PutSession.html): "Creates a new
    /// session or modifies an existing session". The request's sessionState replaces the stored state as a whole
    /// (attributes not sent are gone). Returns the response headers Lex sends; throws <see cref="LexApiException"/>.
    /// </summary>
    public IReadOnlyDictionary<string, string> PutSession(string botId, string botAliasId, string localeId, string sessionId, JsonObject request)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            var headers = Put(botId, botAliasId, localeId, sessionId, request);
            PutSessionCalls.Enqueue(new PutSessionCall(sessionId, (JsonObject)request.DeepClone(), 200, Headers(headers)));
            return headers;
        }
        catch (LexApiException e)
        {
            PutSessionCalls.Enqueue(new PutSessionCall(sessionId, (JsonObject)request.DeepClone(), e.Status, new JsonObject { ["errorType"] = e.ErrorType, ["message"] = e.Message }));
            throw;
        }
    }

    private Dictionary<string, string> Put(string botId, string botAliasId, string localeId, string sessionId, JsonObject request)
    {
        if (botId != Options.BotId || botAliasId != Options.BotAliasId || Bot.Locales.All(l => l.LocaleId != localeId))
        {
            throw new LexApiException(404, "ResourceNotFoundException", $"No bot {botId} alias {botAliasId} locale {localeId}.");
        }

        // sessionId: 2-100 characters [0-9a-zA-Z._:-]+ (runtime model SessionId).
        if (sessionId.Length is < 2 or > 100 || !sessionId.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or ':' or '-'))
        {
            throw new LexApiException(400, "ValidationException", $"Invalid sessionId '{sessionId}'.");
        }

        var locale = Bot.Locale(localeId);
        if (request["sessionState"] is not JsonObject state)
        {
            throw new LexApiException(400, "ValidationException", "sessionState is required.");
        }

        // The same sessionState rules as a code hook response, with the dialog action optional.
        var probe = new JsonObject
        {
            ["sessionState"] = state.DeepClone(),
            ["messages"] = request["messages"]?.DeepClone(),
        };
        if (state["dialogAction"] is null)
        {
            probe["sessionState"]!["dialogAction"] = new JsonObject { ["type"] = "Delegate" };
        }

        var errors = LexCodeHookContract.Check(probe, locale, messagesOptional: true);
        if (errors.Count > 0)
        {
            throw new LexApiException(400, "ValidationException", string.Join("; ", errors));
        }

        var session = new LexSession(sessionId, localeId);
        Apply(session, state);
        session.PutSessionMessages = Contents(request["messages"]);
        session.PutSessionCount = (Session(sessionId)?.PutSessionCount ?? 0) + 1;
        session.ConfirmationPrompts = session.DialogActionType == "ConfirmIntent" ? session.PutSessionMessages : [];
        sessions[sessionId] = session;

        // "The response contains the same information as the RecognizeUtterance operation": the state and messages
        // in base64-encoded gzip headers (runtime model), no audio for a text response.
        var messages = new JsonArray(session.PutSessionMessages.Select(m => (JsonNode?)new JsonObject { ["contentType"] = "PlainText", ["content"] = m }).ToArray());
        if (messages.Count == 0 && session.DialogActionType == "ElicitSlot" && locale.Intent(session.IntentName)?.Slot(session.SlotToElicit) is { Prompts.Count: > 0 } slot)
        {
            messages.Add(new JsonObject { ["contentType"] = "PlainText", ["content"] = slot.Prompts[0] });
        }

        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["x-amz-lex-session-id"] = sessionId,
            ["x-amz-lex-session-state"] = GzipBase64.Encode(session.ToSessionState(locale.Intent(session.IntentName)).ToJsonString()),
            ["x-amz-lex-messages"] = GzipBase64.Encode(messages.ToJsonString()),
            ["x-amz-lex-request-attributes"] = GzipBase64.Encode((request["requestAttributes"] ?? new JsonObject()).ToJsonString()),
        };
    }

    /// <summary>
    /// Runs the voice conversation Chime's StartBotConversation opens
    /// (https://docs.aws.amazon.com/chime-sdk/latest/dg/start-bot-conversation.html) until the bot closes, fails or the
    /// caller hangs up. <paramref name="configuration"/> is the action's <c>Configuration</c> (PascalCase).
    /// </summary>
    public Task<BotConversationResult> StartConversationAsync(
        string sessionId, string localeId, JsonObject? configuration, ICallerLine caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var locale = Bot.Locale(localeId);
        var session = Options.Readings.PreloadedState == PreloadedState.Discarded
            ? sessions[sessionId] = new LexSession(sessionId, localeId)
            : sessions.GetOrAdd(sessionId, id => new LexSession(id, localeId));
        return new BotConversation(this, locale, session, caller).RunAsync(configuration, cancellationToken);
    }

    /// <summary>Replaces <paramref name="session"/>'s state with a camelCase sessionState (PutSession, code hook response).</summary>
    internal static void Apply(LexSession session, JsonObject state)
    {
        session.Attributes = ReadAttributes(state["sessionAttributes"]);
        session.ActiveContexts = state["activeContexts"] as JsonArray is { } contexts ? (JsonArray)contexts.DeepClone() : [];
        session.RuntimeHints = state["runtimeHints"]?.DeepClone() as JsonObject;
        var intent = state["intent"] as JsonObject;
        if (intent is not null)
        {
            session.IntentName = Text(intent["name"]) ?? session.IntentName;
            session.Slots = intent["slots"] is JsonObject slots ? (JsonObject)slots.DeepClone() : [];
            session.IntentState = Text(intent["state"]) ?? "InProgress";
            session.ConfirmationState = Text(intent["confirmationState"]) ?? "None";
        }

        session.DialogActionType = Text(state["dialogAction"]?["type"]);
        session.SlotToElicit = session.DialogActionType == "ElicitSlot" ? Text(state["dialogAction"]?["slotToElicit"]) : null;
        session.Attempt = 0;
        if (session.DialogActionType == "ElicitIntent")
        {
            session.IntentName = null;
            session.Slots = [];
        }
    }

    internal static Dictionary<string, string> ReadAttributes(JsonNode? attributes)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in attributes as JsonObject ?? [])
        {
            if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String)
            {
                map[key] = v.GetValue<string>();
            }
        }

        return map;
    }

    internal static IReadOnlyList<string> Contents(JsonNode? messages) =>
        (messages as JsonArray ?? []).Select(m => Text(m?["content"]) ?? Text(m?["Content"])).OfType<string>().ToList();

    internal static string? Text(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static JsonObject Headers(Dictionary<string, string> headers)
    {
        var json = new JsonObject();
        foreach (var (key, value) in headers)
        {
            json[key] = value;
        }

        return json;
    }
}
