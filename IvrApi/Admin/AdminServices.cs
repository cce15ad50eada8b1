using IvrApi.Settings;
using Microsoft.Extensions.Options;

namespace IvrApi.Admin;

internal static class AdminServices
{
    public static IServiceCollection AddAdmin(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CallPathOptions>().Bind(configuration.GetSection(CallPathOptions.Section));
        services.AddOptions<AdminOptions>().Bind(configuration.GetSection(AdminOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AdminOptions>, AdminSettingsValidation>();
        return services;
    }
}
