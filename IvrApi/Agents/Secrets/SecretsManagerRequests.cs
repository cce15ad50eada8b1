using System.Text.Json.Serialization;

namespace IvrApi.Agents.Secrets;

// The three Secrets Manager operations we call, in the members' own (PascalCase) names. ClientRequestToken is filled
// by the SDKs; a raw request must send one itself (API reference, CreateSecret and PutSecretValue).

public sealed record CreateSecretRequest(string Name, string SecretString, string ClientRequestToken, string Description);

public sealed record PutSecretValueRequest(string SecretId, string SecretString, string ClientRequestToken);

public sealed record DeleteSecretRequest(string SecretId, bool ForceDeleteWithoutRecovery);

[JsonSerializable(typeof(CreateSecretRequest))]
[JsonSerializable(typeof(PutSecretValueRequest))]
[JsonSerializable(typeof(DeleteSecretRequest))]
internal sealed partial class SecretsManagerJsonContext : JsonSerializerContext;
