using System.Text.Json.Serialization;

namespace IvrApi.Sma;

/// <summary>Wire names for the SMA: PascalCase, exactly as the Chime documentation writes them.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.Unspecified)]
[JsonSerializable(typeof(SmaResponse))]
internal sealed partial class SmaJsonContext : JsonSerializerContext;
