using System.Text.Json.Serialization;

namespace IvrApi.Sma;

/// <summary><c>AWS</c> (a Voice Connector, with its ARN) or <c>PSTN</c> (no ARN).</summary>
public sealed record BridgeEndpoint(
    string BridgeEndpointType,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Arn,
    string Uri);
