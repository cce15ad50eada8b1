using System.Text.Json.Serialization;

namespace IvrApi.Sma;

public sealed record CallAndBridgeAction(CallAndBridgeParameters Parameters) : SmaAction
{
    [JsonPropertyOrder(-1)]
    public override string Type => "CallAndBridge";
}
