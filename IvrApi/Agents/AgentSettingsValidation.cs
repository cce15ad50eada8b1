using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace IvrApi.Agents;

/// <summary>Agent secret settings refused at start-up, in words, rather than on the first agent an admin creates.</summary>
/// <param name="lambdaAdmin">
/// This is the admin API on Lambda (AWS_LAMBDA_FUNCTION_NAME set, the admin API on, not in Loopback mode, which has a
/// refusal of its own there).
/// </param>
internal sealed partial class AgentSettingsValidation(bool lambdaAdmin) : IValidateOptions<AgentOptions>
{
    // Secrets Manager names: letters, digits and /_+=.@- up to 512 characters (CreateSecret, Name).
    private const int MaxSecretName = 512;

    public ValidateOptionsResult Validate(string? name, AgentOptions options)
    {
        var errors = new List<string>();
        switch (options.SecretStore.ToUpperInvariant())
        {
            case "SECRETSMANAGER":
                if (!SecretNamePattern().IsMatch(options.SecretPrefix) || options.SecretPrefix.Length + 32 > MaxSecretName)
                {
                    errors.Add($"Agents:SecretPrefix '{options.SecretPrefix}' must be letters, digits and /_+=.@- (a Secrets Manager name prefix), e.g. ivr/agents/.");
                }

                break;
            case "DIRECTORY":
                if (lambdaAdmin)
                {
                    // Files in a Lambda's /tmp reach no PBX and die with the instance: every agent would be created unable to sign in.
                    errors.Add("Agents:SecretStore=Directory is refused on Lambda (AWS_LAMBDA_FUNCTION_NAME is set): the PBX host cannot read a function's files. Use Agents:SecretStore=SecretsManager.");
                }
                else if (string.IsNullOrWhiteSpace(options.SecretDirectory))
                {
                    errors.Add("Agents:SecretDirectory is required with Agents:SecretStore=Directory.");
                }

                break;
            default:
                errors.Add($"Agents:SecretStore '{options.SecretStore}' must be Directory or SecretsManager.");
                break;
        }

        if (options.Timeout <= TimeSpan.Zero || options.Timeout > TimeSpan.FromSeconds(20))
        {
            errors.Add("Agents:Timeout must be above 0 and at most 00:00:20.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    [GeneratedRegex("^[A-Za-z0-9/_+=.@-]*$")]
    private static partial Regex SecretNamePattern();
}
