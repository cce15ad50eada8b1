using System.Text.Json.Serialization;

namespace IvrApi.Sma;

public sealed record CallAndBridgeParameters(
    int CallTimeoutSeconds,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CallerIdNumber,
    IReadOnlyList<BridgeEndpoint> Endpoints,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string>? SipHeaders);
