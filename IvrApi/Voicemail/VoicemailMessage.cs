namespace IvrApi.Voicemail;

/// <summary>
/// A recorded message as the PBX host stored it (contract 5 of docs/contracts.md): the caller is masked before it leaves the PBX.
/// Fields the host did not set are null rather than guessed.
/// </summary>
public sealed record VoicemailMessage(
    string MessageId,
    string Department,
    string? Caller,
    string? CallId,
    DateTimeOffset? ReceivedAt,
    int? DurationSeconds,
    string? Language,
    long SizeBytes);
