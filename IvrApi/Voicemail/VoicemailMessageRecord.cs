using System.Text.Json.Serialization;
using IvrApi.Observability;

namespace IvrApi.Voicemail;

/// <summary>A message as the admin API lists it, in the PBX host's field names.</summary>
public sealed record VoicemailMessageRecord(
    [property: JsonPropertyName("message_id")] string MessageId,
    [property: JsonPropertyName("department")] string Department,
    [property: JsonPropertyName("caller")] string? Caller,
    [property: JsonPropertyName("call_id")] string? CallId,
    [property: JsonPropertyName("received_at")] DateTimeOffset? ReceivedAt,
    [property: JsonPropertyName("duration_seconds")] int? DurationSeconds,
    [property: JsonPropertyName("language")] string? Language,
    [property: JsonPropertyName("size_bytes")] long SizeBytes)
{
    /// <summary>The caller masked again here: whatever the bucket holds, the admin API never shows a whole number.</summary>
    public static VoicemailMessageRecord From(VoicemailMessage message) => new(
        message.MessageId, message.Department, message.Caller is null ? null : PhoneNumberMask.MaskText(message.Caller), message.CallId,
        message.ReceivedAt, message.DurationSeconds, message.Language, message.SizeBytes);
}
