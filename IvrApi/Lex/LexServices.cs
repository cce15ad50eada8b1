using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using IvrApi.Routing;
using IvrApi.Settings;
using Microsoft.Extensions.Options;

namespace IvrApi.Lex;

internal static class LexServices
{
    /// <summary>The Lex V2 adapter: the code hook and the session preloader (PutSession).</summary>
    public static IServiceCollection AddLex(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LexOptions>().Bind(configuration.GetSection(LexOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LexOptions>, SettingsValidation>();
        services.AddSingleton<LexCodeHook>();

        // Resolved only when first needed, so nothing asks for AWS credentials on a laptop that uses none.
        services.AddSingleton<Func<AWSCredentials>>(_ => () => DefaultAWSCredentialsIdentityResolver.GetCredentials());
        services.AddSingleton<IBotSessionPreloader, LexSessionPreloader>();
        return services;
    }
}
