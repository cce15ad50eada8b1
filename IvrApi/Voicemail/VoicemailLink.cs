using System.Text.Json.Serialization;

namespace IvrApi.Voicemail;

/// <summary>A presigned GET of one message: it plays without credentials until it expires.</summary>
public sealed record VoicemailLink(
    [property: JsonPropertyName("url")] Uri Url,
    [property: JsonPropertyName("expires_at")] DateTimeOffset ExpiresAt);
