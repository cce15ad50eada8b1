using System.Diagnostics.CodeAnalysis;
using Amazon.DynamoDBv2;
using IvrApi.Agents;
using IvrApi.Departments.Storage;
using IvrApi.Settings;
using Microsoft.Extensions.Options;

namespace IvrApi.Departments;

internal static class DirectoryServices
{
    /// <summary>The department directory and its storage adapter, chosen by <c>Directory:Provider</c>.</summary>
    public static IServiceCollection AddDepartmentDirectory(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DirectoryOptions>().Bind(configuration.GetSection(DirectoryOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DirectoryOptions>, SettingsValidation>();
        services.AddSingleton<DepartmentDirectory>();

        if (string.Equals(configuration[$"{DirectoryOptions.Section}:Provider"], "DynamoDb", StringComparison.OrdinalIgnoreCase))
        {
            // Region, credentials and AWS_ENDPOINT_URL_DYNAMODB come from the standard SDK environment.
            services.AddSingleton<IAmazonDynamoDB>(sp =>
            {
                var timeout = sp.GetRequiredService<IOptions<DirectoryOptions>>().Value.Timeout;
                return new AmazonDynamoDBClient(new AmazonDynamoDBConfig { Timeout = timeout, MaxErrorRetry = 1 });
            });
            AddStore<DynamoDbDirectoryStore>(services);
        }
        else
        {
            AddStore<EmbeddedDirectoryStore>(services);
        }

        return services;
    }

    // One adapter instance keeps both departments and agents (the embedded one holds them in the same memory).
    private static void AddStore<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStore>(IServiceCollection services)
        where TStore : class, IDirectoryStore, IAgentStore
    {
        services.AddSingleton<TStore>();
        services.AddSingleton<IDirectoryStore>(sp => sp.GetRequiredService<TStore>());
        services.AddSingleton<IAgentStore>(sp => sp.GetRequiredService<TStore>());
    }
}
