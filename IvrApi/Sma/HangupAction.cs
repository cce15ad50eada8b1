using System.Text.Json.Serialization;

namespace IvrApi.Sma;

public sealed record HangupAction(HangupParameters Parameters) : SmaAction
{
    [JsonPropertyOrder(-1)]
    public override string Type => "Hangup";
}
