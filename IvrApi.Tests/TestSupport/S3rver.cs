using Amazon.Runtime;
using Amazon.S3;

namespace IvrApi.Tests.TestSupport;

/// <summary>
/// s3rver (npm), a server that speaks the S3 protocol and checks SigV4 signatures, presigned URLs included, on a free
/// loopback port for the life of the test class. <c>scripts/test-dotnet.sh</c> installs it with <c>npm ci</c> in
/// <c>IvrApi.Tests/tools</c>, next to dynalite. Its fixed credentials are S3RVER / S3RVER.
/// </summary>
public sealed class S3rver : IAsyncLifetime
{
    public const string AccessKey = "S3RVER";

    private readonly string data = Directory.CreateTempSubdirectory("ivr-s3rver-").FullName;
    private NodeServer? server;

    public string Endpoint => server?.Endpoint ?? "";

    public async Task InitializeAsync() => server = await NodeServer.StartAsync(
        "s3rver", "bin/s3rver.js", port => ["-d", data, "-a", "127.0.0.1", "-p", port, "-s"]);

    public Task DisposeAsync()
    {
        server?.Dispose();
        Directory.Delete(data, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>A client that writes as the PBX host's uploader would (plain PUTs: no SDK-only chunked checksums).</summary>
    public AmazonS3Client Client() => new(
        new BasicAWSCredentials(AccessKey, AccessKey),
        new AmazonS3Config
        {
            ServiceURL = Endpoint,
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        });
}
