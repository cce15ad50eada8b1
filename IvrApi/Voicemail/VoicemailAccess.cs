using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace IvrApi.Voicemail;

/// <summary>
/// The admin API's access to the voicemail bucket: a failure of any kind becomes a
/// <see cref="VoicemailUnavailableException"/> (answered 503). Handlers take it <c>[AsParameters]</c>.
/// </summary>
internal sealed record VoicemailAccess(
    [FromServices] IVoicemailStore Store,
    [FromServices] IOptions<VoicemailOptions> Options,
    [FromServices] TimeProvider Clock,
    CancellationToken Aborted)
{
    public bool Configured => !string.IsNullOrEmpty(Options.Value.Bucket);

    public Task<IReadOnlyList<VoicemailMessage>> ListAsync(string department) =>
        GuardAsync(() => Store.ListAsync(department, Options.Value.MaxMessages, Aborted));

    public Task<Uri?> LinkAsync(string department, string messageId, DateTimeOffset expiresAt) =>
        GuardAsync(() => Store.LinkAsync(department, messageId, expiresAt, Aborted));

    private async Task<T> GuardAsync<T>(Func<Task<T>> operation)
    {
        try
        {
            return await operation().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Network, credentials, a missing bucket: to the admin all mean the bucket did not answer.
        catch (Exception ex) when (!Aborted.IsCancellationRequested)
#pragma warning restore CA1031
        {
            throw new VoicemailUnavailableException($"The voicemail bucket did not answer: {ex.Message}", ex);
        }
    }
}
