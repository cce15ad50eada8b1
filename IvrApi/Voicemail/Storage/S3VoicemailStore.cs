using System.Globalization;
using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Options;

namespace IvrApi.Voicemail.Storage;

/// <summary>
/// Messages in the voicemail bucket: <c>voicemail/&lt;department&gt;/&lt;message-id&gt;.wav</c> with the PBX host's
/// user metadata (<c>x-amz-meta-department</c>, <c>caller</c>, <c>call-id</c>, <c>received-at</c>,
/// <c>duration-seconds</c>, <c>language</c>). ListObjectsV2 finds the keys; the message id starts with its UTC time,
/// so key order is arrival order; HeadObject reads the metadata of the newest ones only.
/// </summary>
public sealed class S3VoicemailStore(IAmazonS3 s3, IOptions<VoicemailOptions> options) : IVoicemailStore
{
    // HeadObject calls in flight at once for one listing: quick for a page of messages, gentle on the bucket.
    private const int ParallelReads = 8;

    public async Task<IReadOnlyList<VoicemailMessage>> ListAsync(string department, int max, CancellationToken cancellationToken)
    {
        var bucket = options.Value.Bucket;
        var prefix = VoicemailRules.Prefix(department);
        var ids = new List<string>();
        string? next = null;
        do
        {
            var page = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = prefix, ContinuationToken = next }, cancellationToken).ConfigureAwait(false);
            ids.AddRange((page.S3Objects ?? []).Select(o => VoicemailRules.MessageIdOf(o.Key, prefix)).OfType<string>());
            next = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (next is not null);

        var newest = ids.OrderDescending(StringComparer.Ordinal).Take(max).ToArray();
        var messages = new VoicemailMessage?[newest.Length];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, newest.Length),
            new ParallelOptions { MaxDegreeOfParallelism = ParallelReads, CancellationToken = cancellationToken },
            async (i, token) => messages[i] = await ReadAsync(bucket, department, newest[i], token).ConfigureAwait(false)).ConfigureAwait(false);
        return messages.OfType<VoicemailMessage>().ToArray();
    }

    public async Task<Uri?> LinkAsync(string department, string messageId, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (await ReadAsync(settings.Bucket, department, messageId, cancellationToken).ConfigureAwait(false) is null)
        {
            return null;
        }

        var url = await s3.GetPreSignedURLAsync(new GetPreSignedUrlRequest
        {
            BucketName = settings.Bucket,
            Key = VoicemailRules.Key(department, messageId),
            Verb = HttpVerb.GET,
            Expires = expiresAt.UtcDateTime,
            // The link's scheme follows the endpoint: HTTPS on AWS, what the local server speaks otherwise.
            Protocol = settings.ServiceUrl.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? Protocol.HTTP : Protocol.HTTPS,
        }).ConfigureAwait(false);
        return new Uri(url);
    }

    /// <summary>The message's metadata, or null when it is gone (deleted by retention between list and read).</summary>
    private async Task<VoicemailMessage?> ReadAsync(string bucket, string department, string messageId, CancellationToken cancellationToken)
    {
        GetObjectMetadataResponse head;
        try
        {
            head = await s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = VoicemailRules.Key(department, messageId) }, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        string? Meta(string name) => head.Metadata[name] is { Length: > 0 } value ? value : null;
        return new VoicemailMessage(
            messageId,
            department,
            Meta("caller"),
            Meta("call-id"),
            DateTimeOffset.TryParse(Meta("received-at"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at.ToUniversalTime() : null,
            int.TryParse(Meta("duration-seconds"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) ? seconds : null,
            Meta("language"),
            head.ContentLength);
    }
}
