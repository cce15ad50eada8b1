using System.Text.Json.Serialization;

namespace IvrApi.Sma;

public sealed record StartBotConversationAction(StartBotConversationParameters Parameters) : SmaAction
{
    [JsonPropertyOrder(-1)]
    public override string Type => "StartBotConversation";
}
