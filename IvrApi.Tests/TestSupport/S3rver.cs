using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
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
    private Process? process;

    public string Endpoint { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var port = Dynalite.FreePort();
        process = Process.Start(new ProcessStartInfo("node", [Cli(), "-d", data, "-a", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-s"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("node did not start");
        Endpoint = $"http://127.0.0.1:{port}";
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new InvalidOperationException($"s3rver did not listen on {Endpoint}: {await process.StandardError.ReadToEndAsync()}");
    }

    public Task DisposeAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
        }

        process?.Dispose();
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

    private static string Cli()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var cli = Path.Combine(dir.FullName, "IvrApi.Tests", "tools", "node_modules", "s3rver", "bin", "s3rver.js");
            if (File.Exists(cli))
            {
                return cli;
            }
        }

        throw new InvalidOperationException("s3rver is not installed: run `npm ci` in IvrApi.Tests/tools (scripts/test-dotnet.sh does).");
    }
}
