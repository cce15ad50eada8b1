namespace IvrApi.Voicemail;

/// <summary>Storage port for recorded messages, read-only here: the PBX host writes them.</summary>
public interface IVoicemailStore
{
    /// <summary>A department's newest messages first, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<VoicemailMessage>> ListAsync(string department, int max, CancellationToken cancellationToken);

    /// <summary>A link that plays the message until <paramref name="expiresAt"/>, or null when there is no such message.</summary>
    Task<Uri?> LinkAsync(string department, string messageId, DateTimeOffset expiresAt, CancellationToken cancellationToken);
}
