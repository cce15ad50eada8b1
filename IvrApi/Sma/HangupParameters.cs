using System.Text.Json.Serialization;

namespace IvrApi.Sma;

public sealed record HangupParameters(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CallId,
    string SipResponseCode);
