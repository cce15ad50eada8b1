using System.Text.Json.Serialization;

namespace IvrApi.Sma;

/// <summary>
/// The SMA's answer. <see cref="Actions"/> omitted keeps the running actions; an empty list stops them.
/// <see cref="TransactionAttributes"/> omitted keeps the stored ones.
/// </summary>
public sealed record SmaResponse(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<SmaAction>? Actions,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string>? TransactionAttributes = null)
{
    [JsonPropertyOrder(-1)]
    public string SchemaVersion => "1.0";
}

[JsonDerivedType(typeof(SpeakAction))]
[JsonDerivedType(typeof(StartBotConversationAction))]
[JsonDerivedType(typeof(CallAndBridgeAction))]
[JsonDerivedType(typeof(HangupAction))]
public abstract record SmaAction
{
    [JsonPropertyOrder(-1)]
    public abstract string Type { get; }
}

public sealed record SpeakAction(SpeakParameters Parameters) : SmaAction
{
    [JsonPropertyOrder(-1)]
    public override string Type => "Speak";
}

public sealed record SpeakParameters(string CallId, string Text, string VoiceId, string Engine);

public sealed record StartBotConversationAction(StartBotConversationParameters Parameters) : SmaAction
{
    [JsonPropertyOrder(-1)]
    public override string Type => "StartBotConversation";
}

public sealed record StartBotConversationParameters(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CallId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ParticipantTag,
    string BotAliasArn,
    string LocaleId,
    BotConfiguration Configuration);

public sealed record BotConfiguration(
    BotSessionState SessionState,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<BotWelcomeMessage>? WelcomeMessages);

public sealed record BotSessionState(
    IReadOnlyDictionary<string, string> SessionAttributes,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] BotDialogAction? DialogAction);

/// <summary>StartBotConversation accepts only <c>Delegate</c> or <c>ElicitIntent</c>.</summary>
public sealed record BotDialogAction(string Type);

public sealed record BotWelcomeMessage(string Content, string ContentType = "PlainText");

public sealed record CallAndBridgeAction(CallAndBridgeParameters Parameters) : SmaAction
{
    [JsonPropertyOrder(-1)]
    public override string Type => "CallAndBridge";
}

public sealed record CallAndBridgeParameters(
    int CallTimeoutSeconds,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CallerIdNumber,
    IReadOnlyList<BridgeEndpoint> Endpoints,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string>? SipHeaders);

/// <summary><c>AWS</c> (a Voice Connector, with its ARN) or <c>PSTN</c> (no ARN).</summary>
public sealed record BridgeEndpoint(
    string BridgeEndpointType,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Arn,
    string Uri);

public sealed record HangupAction(HangupParameters Parameters) : SmaAction
{
    [JsonPropertyOrder(-1)]
    public override string Type => "Hangup";
}

public sealed record HangupParameters(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CallId,
    string SipResponseCode);
