using System.Text.Json;
using System.Text.Json.Nodes;

namespace IvrApi.Tests.TestSupport;

/// <summary>
/// An SMA answer read into typed actions, so endpoint tests state what the caller gets ("a bridge to 600300 with
/// X-LexInfo history") instead of JSON paths. Reads leniently: a missing field is null, and the contract itself is
/// checked by <see cref="SmaContract"/>, not here.
/// </summary>
public sealed record SmaAnswer(
    string? SchemaVersion,
    IReadOnlyList<SmaAnswer.Action>? Actions,
    IReadOnlyDictionary<string, string>? TransactionAttributes)
{
    /// <summary>The action types in order, comma-separated ("Speak,CallAndBridge"); empty when Actions is empty or omitted.</summary>
    public string Types => string.Join(",", (Actions ?? []).Select(a => a.Type));

    /// <summary>The texts of every Speak, in order.</summary>
    public IReadOnlyList<string?> Said => (Actions ?? []).OfType<Speak>().Select(s => s.Text).ToArray();

    /// <summary>The one CallAndBridge.</summary>
    public CallAndBridge Bridge => (Actions ?? []).OfType<CallAndBridge>().Single();

    /// <summary>The one StartBotConversation.</summary>
    public StartBotConversation Bot => (Actions ?? []).OfType<StartBotConversation>().Single();

    public IReadOnlyList<Hangup> Hangups => (Actions ?? []).OfType<Hangup>().ToArray();

    /// <summary>One of our call memory's attributes (or any other), null when absent.</summary>
    public string? Attribute(string key) => TransactionAttributes?.GetValueOrDefault(key);

    /// <summary>Sends an SMA event to /sma (checked by <see cref="Fixtures.SmaAsync"/>: HTTP 200, valid by the SMA contract) and reads the answer.</summary>
    public static async Task<SmaAnswer> SendAsync(IvrApiFactory app, JsonObject call) => Read(await Fixtures.SmaAsync(app, call));

    public static SmaAnswer Read(JsonElement answer) => new(
        Text(answer, "SchemaVersion"),
        answer.TryGetProperty("Actions", out var actions) && actions.ValueKind == JsonValueKind.Array
            ? actions.EnumerateArray().Select(ReadAction).ToArray()
            : null,
        Map(answer, "TransactionAttributes"));

    private static Action ReadAction(JsonElement action)
    {
        var type = Text(action, "Type") ?? "";
        var p = action.TryGetProperty("Parameters", out var parameters) ? parameters : default;
        return type switch
        {
            "Speak" => new Speak(Text(p, "CallId"), Text(p, "Text"), Text(p, "VoiceId"), Text(p, "Engine")),
            "Hangup" => new Hangup(Text(p, "CallId"), Text(p, "SipResponseCode")),
            "CallAndBridge" => new CallAndBridge(
                Text(p, "CallerIdNumber"),
                Get(p, "CallTimeoutSeconds") is { ValueKind: JsonValueKind.Number } seconds ? seconds.GetInt32() : null,
                Get(p, "Endpoints") is { ValueKind: JsonValueKind.Array } endpoints
                    ? endpoints.EnumerateArray().Select(e => new Endpoint(Text(e, "BridgeEndpointType"), Text(e, "Arn"), Text(e, "Uri"))).ToArray()
                    : [],
                Map(p, "SipHeaders")),
            "StartBotConversation" => ReadBot(p),
            _ => new Other(type, p),
        };
    }

    private static StartBotConversation ReadBot(JsonElement p)
    {
        var configuration = Get(p, "Configuration");
        var state = configuration is { } c ? Get(c, "SessionState") : null;
        var welcome = configuration is { } w && Get(w, "WelcomeMessages") is { ValueKind: JsonValueKind.Array } messages
            ? messages.EnumerateArray().Select(m => Text(m, "Content")).ToArray()
            : null;
        return new StartBotConversation(
            Text(p, "CallId"),
            Text(p, "ParticipantTag"),
            Text(p, "BotAliasArn"),
            Text(p, "LocaleId"),
            state is { } s && Get(s, "DialogAction") is { } dialog ? Text(dialog, "Type") : null,
            state is { } a ? Map(a, "SessionAttributes") : null,
            welcome);
    }

    private static JsonElement? Get(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static string? Text(JsonElement element, string name) =>
        Get(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    private static Dictionary<string, string>? Map(JsonElement element, string name) =>
        Get(element, name) is { ValueKind: JsonValueKind.Object } map
            ? map.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText())
            : null;

    public abstract record Action(string Type);

    public sealed record Speak(string? CallId, string? Text, string? VoiceId, string? Engine) : Action("Speak");

    public sealed record Hangup(string? CallId, string? SipResponseCode) : Action("Hangup");

    public sealed record CallAndBridge(string? CallerIdNumber, int? CallTimeoutSeconds, IReadOnlyList<Endpoint> Endpoints, IReadOnlyDictionary<string, string>? SipHeaders)
        : Action("CallAndBridge")
    {
        public string? Uri => Endpoints.FirstOrDefault()?.Uri;

        /// <summary>The department header (X-LexInfo), null when the bridge carries no SIP headers.</summary>
        public string? LexInfo => SipHeaders?.GetValueOrDefault("X-LexInfo");
    }

    public sealed record Endpoint(string? BridgeEndpointType, string? Arn, string? Uri);

    public sealed record StartBotConversation(
        string? CallId,
        string? ParticipantTag,
        string? BotAliasArn,
        string? LocaleId,
        string? DialogAction,
        IReadOnlyDictionary<string, string>? SessionAttributes,
        IReadOnlyList<string?>? WelcomeMessages) : Action("StartBotConversation");

    public sealed record Other(string Type, JsonElement Parameters) : Action(Type);
}
