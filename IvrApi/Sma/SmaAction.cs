using System.Text.Json.Serialization;

namespace IvrApi.Sma;

[JsonDerivedType(typeof(SpeakAction))]
[JsonDerivedType(typeof(StartBotConversationAction))]
[JsonDerivedType(typeof(CallAndBridgeAction))]
[JsonDerivedType(typeof(HangupAction))]
public abstract record SmaAction
{
    [JsonPropertyOrder(-1)]
    public abstract string Type { get; }
}
