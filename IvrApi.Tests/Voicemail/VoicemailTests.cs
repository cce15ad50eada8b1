using System.Web;
using Amazon.S3.Model;
using IvrApi.Tests.Admin;
using IvrApi.Tests.TestSupport;
using Serilog.Events;

namespace IvrApi.Tests.Voicemail;

/// <summary>
/// The admin API's voicemail listing and links against the S3 protocol itself (s3rver, which checks signatures):
/// messages stored as the PBX host's uploader stores them (contract 5 of docs/contracts.md) are listed newest first with their
/// metadata, and a link fetched with no credentials serves the very bytes stored.
/// </summary>
[Collection(AwsEnvironmentCollection.Name)]
public sealed class VoicemailTests : IClassFixture<S3rver>
{
    private static readonly byte[] Wav = [.. "RIFF"u8, 36, 0, 0, 0, .. "WAVEfmt "u8, .. Enumerable.Range(0, 64).Select(i => (byte)(i * 7))];

    private readonly S3rver s3;

    public VoicemailTests(S3rver s3)
    {
        this.s3 = s3;
        // The app's S3 client takes the standard SDK environment, as on Lambda.
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", S3rver.AccessKey);
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", S3rver.AccessKey);
        Environment.SetEnvironmentVariable("AWS_REGION", "us-east-1");
    }

    [Fact]
    public async Task Messages_are_listed_newest_first_with_the_uploaders_metadata_and_the_caller_masked()
    {
        var bucket = await BucketAsync();
        await UploadAsync(bucket, "history", "20261207T090000Z-1765098000-1", "+*******1234", 12);
        await UploadAsync(bucket, "history", "20261207T110000Z-1765105200-3", "+15555550100", 40);
        await UploadAsync(bucket, "history", "20261207T100000Z-1765101600-2", "+*******5678", 7);
        await UploadAsync(bucket, "art", "20261207T120000Z-1765108800-4", "+*******9999", 5);
        using var s3Client = s3.Client();
        await s3Client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "voicemail/history/20261207T130000Z-1765112400-5.json", ContentBody = "{}", UseChunkEncoding = false });
        await s3Client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "voicemail/history/notes.wav", ContentBody = "x", UseChunkEncoding = false });
        using var app = App(bucket);
        using var client = app.CreateClient();

        var answer = await AdminApi.GetAsync(client, "/departments/History/messages");

        answer.Status.Should().Be(200);
        var messages = answer.Body.EnumerateArray().ToArray();
        messages.Select(m => m.GetProperty("message_id").GetString()).Should().Equal(
            "20261207T110000Z-1765105200-3", "20261207T100000Z-1765101600-2", "20261207T090000Z-1765098000-1");
        var newest = messages[0];
        newest.GetProperty("department").GetString().Should().Be("history");
        newest.GetProperty("caller").GetString().Should().Be("+1********00", "an unmasked number in the bucket is masked here");
        messages[1].GetProperty("caller").GetString().Should().Be("+*******5678");
        newest.GetProperty("call_id").GetString().Should().Be("call-20261207T110000Z-1765105200-3");
        newest.GetProperty("received_at").GetDateTimeOffset().Should().Be(new DateTimeOffset(2026, 12, 7, 11, 0, 0, TimeSpan.Zero));
        newest.GetProperty("duration_seconds").GetInt32().Should().Be(40);
        newest.GetProperty("language").GetString().Should().Be("en");
        newest.GetProperty("size_bytes").GetInt64().Should().Be(Wav.Length);

        using var capped = App(bucket).With("Voicemail:MaxMessages", "2");
        using var cappedClient = capped.CreateClient();
        (await AdminApi.GetAsync(cappedClient, "/departments/history/messages")).Body.EnumerateArray().Select(m => m.GetProperty("message_id").GetString())
            .Should().Equal("20261207T110000Z-1765105200-3", "20261207T100000Z-1765101600-2");
        (await AdminApi.GetAsync(client, "/departments/science/messages")).Body.GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task A_link_serves_the_stored_audio_without_credentials_for_LinkMinutes_signed_for_that_message_and_is_audited()
    {
        var bucket = await BucketAsync();
        const string Id = "20261207T090000Z-1765098000-1";
        await UploadAsync(bucket, "history", Id, "+*******1234", 12);
        await UploadAsync(bucket, "art", Id, "+*******1234", 12, [1, 2, 3]);
        using var app = App(bucket).With("Voicemail:LinkMinutes", "10");
        using var client = app.CreateClient();
        var before = DateTimeOffset.UtcNow;

        var answer = await AdminApi.GetAsync(client, $"/departments/history/messages/{Id}/link");

        answer.Status.Should().Be(200);
        var url = new Uri(answer.Body.GetProperty("url").GetString()!);
        var expiresAt = answer.Body.GetProperty("expires_at").GetDateTimeOffset();
        expiresAt.Should().BeOnOrAfter(before.AddMinutes(10).AddSeconds(-1)).And.BeOnOrBefore(DateTimeOffset.UtcNow.AddMinutes(10).AddSeconds(1));
        // What S3 enforces is X-Amz-Date + X-Amz-Expires (whole seconds, the SDK's rounding): the answer says that time.
        var query = HttpUtility.ParseQueryString(url.Query);
        var signedAt = DateTimeOffset.ParseExact(query["X-Amz-Date"]!, "yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal);
        signedAt.AddSeconds(int.Parse(query["X-Amz-Expires"]!, System.Globalization.CultureInfo.InvariantCulture)).Should().BeCloseTo(expiresAt, TimeSpan.FromSeconds(1));
        using var anyone = new HttpClient();
        using (var played = await anyone.GetAsync(url))
        {
            played.StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
            (await played.Content.ReadAsByteArrayAsync()).Should().Equal(Wav);
            played.Content.Headers.ContentType!.MediaType.Should().Be("audio/wav");
        }

        // The signature covers the key: the same link pointed at another department's message does not verify.
        // s3rver checks a link's expiry but not its V4 signature (its authentication.js: "Signature version 4
        // calculation is unimplemented"), so the signature is recomputed here, by the S3 reference's rules.
        SigV4Verifier.CheckPresignedGet(url, S3rver.AccessKey).Should().BeEmpty();
        var other = new UriBuilder(url) { Path = url.AbsolutePath.Replace("/history/", "/art/", StringComparison.Ordinal) }.Uri;
        SigV4Verifier.CheckPresignedGet(other, S3rver.AccessKey).Should().Equal("signature does not verify");
        SigV4Verifier.CheckPresignedGet(new Uri(url.ToString().Replace($"X-Amz-Expires={query["X-Amz-Expires"]}", "X-Amz-Expires=6000", StringComparison.Ordinal)), S3rver.AccessKey)
            .Should().Equal(["signature does not verify"], "the expiry is signed too");

        var audit = app.Logs.Events.Where(e => e.MessageTemplate.Text.StartsWith("Admin audit", StringComparison.Ordinal)).ToArray();
        audit.Should().ContainSingle();
        ((ScalarValue)audit[0].Properties["Key"]).Value.Should().Be($"history/{Id}");
        ((ScalarValue)audit[0].Properties["Resource"]).Value.Should().Be("voicemail");
    }

    [Theory]
    [InlineData("/departments/history/messages/20261207T090000Z-1765098000-9/link", 404, null)]
    [InlineData("/departments/history/messages/20261207T090000Z-1765098000.1/link", 400, "message_id")]
    [InlineData("/departments/history/messages/..%2F..%2Fart%2F20261207T090000Z-1765098000-1/link", 400, "message_id")]
    [InlineData("/departments/history/messages/20261207T090000Z-1%2F..%2F..%2Fart/link", 400, "message_id")]
    [InlineData("/departments/history/messages/latest/link", 400, "message_id")]
    [InlineData("/departments/his%2Ftory/messages", 400, "department_name")]
    [InlineData("/departments/..%2Fvoicemail/messages", 400, "department_name")]
    public async Task A_message_id_or_department_outside_the_contract_is_refused_before_S3_is_asked(string path, int status, string? field)
    {
        var bucket = await BucketAsync();
        await UploadAsync(bucket, "art", "20261207T090000Z-1765098000-1", "+*******1234", 12);
        using var app = App(bucket);
        using var client = app.CreateClient();

        var answer = await AdminApi.GetAsync(client, path);

        answer.Status.Should().Be(status);
        if (field is not null)
        {
            answer.Body.GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().Equal(field);
        }
    }

    [Fact]
    public async Task Without_a_bucket_the_listing_says_which_setting_turns_it_on_and_a_missing_bucket_is_a_503()
    {
        using (var off = new IvrApiFactory().WithLocalAdmin())
        using (var client = off.CreateClient())
        {
            var answer = await AdminApi.GetAsync(client, "/departments/history/messages");
            answer.Status.Should().Be(404);
            answer.Body.GetProperty("detail").GetString().Should().Contain("Voicemail:Bucket");
        }

        using var missing = App("no-such-bucket");
        using var http = missing.CreateClient();
        var unavailable = await AdminApi.GetAsync(http, "/departments/history/messages");
        unavailable.Status.Should().Be(503);
        unavailable.Body.GetProperty("title").GetString().Should().Be("The voicemail bucket is unavailable");
        missing.Logs.Lines.Should().Contain(l => l.Contains("NoSuchBucket", StringComparison.Ordinal) || l.Contains("bucket does not exist", StringComparison.OrdinalIgnoreCase));
    }

    private IvrApiFactory App(string bucket) => new IvrApiFactory().WithLocalAdmin()
        .With("Voicemail:Bucket", bucket)
        .With("Voicemail:ServiceUrl", s3.Endpoint);

    private async Task<string> BucketAsync()
    {
        var bucket = "voicemail-" + Guid.NewGuid().ToString("N")[..8];
        using var client = s3.Client();
        await client.PutBucketAsync(bucket);
        return bucket;
    }

    /// <summary>One message as the PBX host's uploader puts it: the WAV under its key, audio/wav, the contract's user metadata.</summary>
    private async Task UploadAsync(string bucket, string department, string id, string caller, int seconds, byte[]? audio = null)
    {
        using var client = s3.Client();
        var request = new PutObjectRequest
        {
            BucketName = bucket,
            Key = $"voicemail/{department}/{id}.wav",
            InputStream = new MemoryStream(audio ?? Wav),
            ContentType = "audio/wav",
            UseChunkEncoding = false,
        };
        request.Metadata["department"] = department;
        request.Metadata["caller"] = caller;
        request.Metadata["call-id"] = "call-" + id;
        request.Metadata["received-at"] = $"{id[..4]}-{id[4..6]}-{id[6..8]}T{id[9..11]}:{id[11..13]}:{id[13..15]}Z";
        request.Metadata["duration-seconds"] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        request.Metadata["language"] = "en";
        await client.PutObjectAsync(request);
    }
}
