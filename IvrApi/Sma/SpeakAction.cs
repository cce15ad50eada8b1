using System.Text.Json.Serialization;

namespace IvrApi.Sma;

public sealed record SpeakAction(SpeakParameters Parameters) : SmaAction
{
    [JsonPropertyOrder(-1)]
    public override string Type => "Speak";
}
