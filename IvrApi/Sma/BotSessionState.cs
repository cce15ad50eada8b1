using System.Text.Json.Serialization;

namespace IvrApi.Sma;

public sealed record BotSessionState(
    IReadOnlyDictionary<string, string> SessionAttributes,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] BotDialogAction? DialogAction);
