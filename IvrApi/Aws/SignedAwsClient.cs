using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace IvrApi.Aws;

/// <summary>
/// HTTPS to an AWS API whose SDK is not available to us (Lex V2 runtime, Secrets Manager), signed with SigV4 by
/// AWSSDK.Core. Built on first use, so a laptop without AWS credentials runs fine while the API is unused; kept only
/// once built, so a failure to resolve credentials (a throttled or not yet ready credential source) is tried again on
/// the next call.
/// </summary>
/// <param name="signingName">The service's SigV4 signing name (<c>lex</c>, <c>secretsmanager</c>).</param>
/// <param name="region">The Region to sign for and call; may throw when the settings name none.</param>
/// <param name="endpoint">The base address for that Region.</param>
public sealed class SignedAwsClient(Func<AWSCredentials> credentials, string signingName, Func<RegionEndpoint> region, Func<RegionEndpoint, Uri> endpoint)
    : IDisposable
{
    private readonly Lock gate = new();
    private HttpClient? client;

    public HttpClient Client()
    {
        lock (gate)
        {
            if (client is null)
            {
                var target = region();
                var signer = new SigV4SigningHandler(credentials(), target, signingName, CreateHandler());
                client = new HttpClient(signer) { BaseAddress = endpoint(target) };
            }

            return client;
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            client?.Dispose();
        }
    }

    /// <summary>
    /// The handler under the signer. Pooled connections are recycled, so a long-lived instance follows DNS changes
    /// of the regional endpoint instead of keeping one address for its whole life.
    /// </summary>
    internal static SocketsHttpHandler CreateHandler() => new() { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };

    /// <summary>The standard SDK endpoint overrides (<paramref name="serviceVariable"/>, then <c>AWS_ENDPOINT_URL</c>), else the public endpoint.</summary>
    public static Uri Endpoint(string serviceVariable, string publicEndpoint)
    {
        var configured = Environment.GetEnvironmentVariable(serviceVariable) ?? Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL");
        var chosen = string.IsNullOrWhiteSpace(configured) ? publicEndpoint : configured;
        return new Uri(chosen.TrimEnd('/') + "/");
    }
}
