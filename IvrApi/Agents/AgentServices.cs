using IvrApi.Admin;
using IvrApi.Agents.Secrets;
using Microsoft.Extensions.Options;

namespace IvrApi.Agents;

internal static class AgentServices
{
    /// <summary>The agent secret store chosen by <c>Agents:SecretStore</c>; agents themselves live in the directory store.</summary>
    public static IServiceCollection AddAgents(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AgentOptions>().Bind(configuration.GetSection(AgentOptions.Section)).ValidateOnStart();
        var lambdaAdmin = !string.IsNullOrEmpty(configuration["AWS_LAMBDA_FUNCTION_NAME"])
            && configuration.GetSection(AdminOptions.Section).Get<AdminOptions>() is { Enabled: true, Access: not AdminAccess.Loopback };
        services.AddSingleton<IValidateOptions<AgentOptions>>(new AgentSettingsValidation(lambdaAdmin));
        if (string.Equals(configuration[$"{AgentOptions.Section}:SecretStore"], "SecretsManager", StringComparison.OrdinalIgnoreCase))
        {
            // The same lazily resolved credentials as Lex (LexServices registers them).
            services.AddSingleton<IAgentSecretStore, SecretsManagerAgentSecretStore>();
        }
        else
        {
            services.AddSingleton<IAgentSecretStore, DirectoryAgentSecretStore>();
        }

        return services;
    }
}
