using System.Text.Json.Serialization;

namespace IvrApi.Sma;

public sealed record StartBotConversationParameters(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CallId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ParticipantTag,
    string BotAliasArn,
    string LocaleId,
    BotConfiguration Configuration);
