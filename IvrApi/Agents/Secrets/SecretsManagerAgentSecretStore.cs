using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Amazon;
using Amazon.Runtime;
using IvrApi.Aws;
using Microsoft.Extensions.Options;

namespace IvrApi.Agents.Secrets;

/// <summary>
/// Agent secrets in AWS Secrets Manager, named <c>Agents:SecretPrefix</c> + agent id, SecretString = the password.
/// The JSON 1.1 protocol over HTTPS (<c>X-Amz-Target: secretsmanager.&lt;Operation&gt;</c>), signed by the same
/// <see cref="SignedAwsClient"/> as Lex PutSession: the Secrets Manager SDK is not available to us.
/// </summary>
public sealed class SecretsManagerAgentSecretStore : IAgentSecretStore, IDisposable
{
    private static readonly MediaTypeHeaderValue Json11 = new("application/x-amz-json-1.1");

    private readonly IOptions<AgentOptions> options;
    private readonly SignedAwsClient secretsManager;

    public SecretsManagerAgentSecretStore(IOptions<AgentOptions> options, Func<AWSCredentials> credentials)
    {
        this.options = options;
        secretsManager = new SignedAwsClient(
            credentials,
            "secretsmanager",
            () => FallbackRegionFactory.GetRegionEndpoint() ?? throw new InvalidOperationException("No AWS Region: set AWS_REGION (Lambda sets it)."),
            region => SignedAwsClient.Endpoint("AWS_ENDPOINT_URL_SECRETS_MANAGER", $"https://secretsmanager.{region.SystemName}.amazonaws.com"));
    }

    /// <summary>CreateSecret, or PutSecretValue when the secret exists (a rotation, or a create retried after a failure).</summary>
    public async Task SetAsync(string agentId, string password, CancellationToken cancellationToken)
    {
        var name = options.Value.SecretPrefix + agentId;
        var created = new CreateSecretRequest(name, password, Guid.NewGuid().ToString(), $"SIP password of IVR agent {agentId}");
        if (await CallAsync("CreateSecret", created, SecretsManagerJsonContext.Default.CreateSecretRequest, cancellationToken, expected: "ResourceExistsException").ConfigureAwait(false) is null)
        {
            return;
        }

        await CallAsync("PutSecretValue", new PutSecretValueRequest(name, password, Guid.NewGuid().ToString()), SecretsManagerJsonContext.Default.PutSecretValueRequest, cancellationToken, expected: null).ConfigureAwait(false);
    }

    /// <summary>Without a recovery window: a removed agent's password must stop working now, and its name be free for a new agent.</summary>
    public async Task DeleteAsync(string agentId, CancellationToken cancellationToken) =>
        await CallAsync("DeleteSecret", new DeleteSecretRequest(options.Value.SecretPrefix + agentId, ForceDeleteWithoutRecovery: true), SecretsManagerJsonContext.Default.DeleteSecretRequest, cancellationToken, expected: "ResourceNotFoundException").ConfigureAwait(false);

    public void Dispose() => secretsManager.Dispose();

    /// <returns>Null on success, or the <paramref name="expected"/> error code; any other error throws.</returns>
    private async Task<string?> CallAsync<T>(string operation, T request, JsonTypeInfo<T> type, CancellationToken cancellationToken, string? expected)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(options.Value.Timeout);
        using var message = new HttpRequestMessage(HttpMethod.Post, "") { Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(request, type)) };
        message.Content.Headers.ContentType = Json11;
        message.Headers.Add("X-Amz-Target", "secretsmanager." + operation);
        using var response = await secretsManager.Client().SendAsync(message, budget.Token).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return null;
        }

        var code = await ErrorCodeAsync(response, budget.Token).ConfigureAwait(false);
        return expected is not null && code == expected
            ? code
            : throw new HttpRequestException($"Secrets Manager {operation} answered {(int)response.StatusCode} {code}".TrimEnd(), null, response.StatusCode);
    }

    /// <summary>The error's shape name: <c>__type</c> of the JSON body (possibly <c>namespace#Name</c>), else the x-amzn-ErrorType header.</summary>
    private static async Task<string> ErrorCodeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var type = response.Headers.TryGetValues("x-amzn-ErrorType", out var values) ? string.Join(",", values) : "";
        try
        {
            using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), default, cancellationToken).ConfigureAwait(false);
            if (body.RootElement.ValueKind == JsonValueKind.Object && body.RootElement.TryGetProperty("__type", out var named) && named.GetString() is { } name)
            {
                type = name;
            }
        }
        catch (JsonException)
        {
            // An error without a JSON body (a proxy, a load balancer) keeps the header's name, if any.
        }

        return type.Split(':')[0].Split('#')[^1];
    }
}
