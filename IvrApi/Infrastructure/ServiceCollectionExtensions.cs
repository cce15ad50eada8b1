using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using IvrApi.Departments;
using IvrApi.Lex;
using IvrApi.Routing;
using IvrApi.Routing.Matching;
using IvrApi.Sma;
using Microsoft.Extensions.Options;

namespace IvrApi.Infrastructure;

internal static class ServiceCollectionExtensions
{
    /// <summary>The routing domain, its storage adapter (chosen by <c>Directory:Provider</c>) and the SMA and Lex adapters.</summary>
    public static IServiceCollection AddCallRouting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DirectoryOptions>().Bind(configuration.GetSection(DirectoryOptions.Section)).ValidateOnStart();
        services.AddOptions<RoutingOptions>().Bind(configuration.GetSection(RoutingOptions.Section)).ValidateOnStart();
        services.AddOptions<PromptOptions>().Bind(configuration.GetSection(PromptOptions.Section)).ValidateOnStart();
        services.AddOptions<SmaOptions>().Bind(configuration.GetSection(SmaOptions.Section));
        services.AddOptions<LexOptions>().Bind(configuration.GetSection(LexOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DirectoryOptions>, SettingsValidation>();
        services.AddSingleton<IValidateOptions<RoutingOptions>, SettingsValidation>();
        services.AddSingleton<IValidateOptions<PromptOptions>, SettingsValidation>();
        services.AddSingleton<IValidateOptions<LexOptions>, SettingsValidation>();

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<DepartmentDirectory>();
        services.AddSingleton(sp => new PstnPolicy(sp.GetRequiredService<IOptions<RoutingOptions>>().Value.PstnAllowedPrefixes));
        services.AddSingleton<IDepartmentMatcher, ForgivingDepartmentMatcher>();
        services.AddSingleton<CallRouter>();
        services.AddSingleton<DepartmentDialog>();
        services.AddSingleton<SmaHandler>();
        services.AddSingleton<LexCodeHook>();

        // Resolved only when first needed, so nothing asks for AWS credentials on a laptop that uses none.
        services.AddSingleton<Func<AWSCredentials>>(_ => () => DefaultAWSCredentialsIdentityResolver.GetCredentials());
        services.AddSingleton<IBotSessionPreloader, LexSessionPreloader>();

        if (string.Equals(configuration[$"{DirectoryOptions.Section}:Provider"], "DynamoDb", StringComparison.OrdinalIgnoreCase))
        {
            // Region, credentials and AWS_ENDPOINT_URL_DYNAMODB come from the standard SDK environment.
            services.AddSingleton<IAmazonDynamoDB>(sp =>
            {
                var timeout = sp.GetRequiredService<IOptions<DirectoryOptions>>().Value.Timeout;
                return new AmazonDynamoDBClient(new AmazonDynamoDBConfig { Timeout = timeout, MaxErrorRetry = 1 });
            });
            services.AddSingleton<IDirectoryStore, DynamoDbDirectoryStore>();
        }
        else
        {
            services.AddSingleton<IDirectoryStore, EmbeddedDirectoryStore>();
        }

        return services;
    }
}
