using System.Text.Json.Serialization;

namespace IvrApi.Sma;

public sealed record BotConfiguration(
    BotSessionState SessionState,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<BotWelcomeMessage>? WelcomeMessages);
