using IvrApi.Settings;
using Microsoft.Extensions.Options;

namespace IvrApi.Admin;

internal static class AdminServices
{
    /// <summary>
    /// In Loopback mode, the admin API's own listener on 127.0.0.1, beside the service's URLs (ASPNETCORE_URLS,
    /// --urls, or Kestrel's http://localhost:5000).
    /// </summary>
    public static IWebHostBuilder UseAdminListener(this IWebHostBuilder host, IConfiguration configuration)
    {
        if (configuration.GetSection(AdminOptions.Section).Get<AdminOptions>() is { Enabled: true, Access: AdminAccess.Loopback } admin)
        {
            var urls = configuration[WebHostDefaults.ServerUrlsKey] is { Length: > 0 } configured ? configured : "http://localhost:5000";
            host.UseUrls($"{urls};http://127.0.0.1:{admin.LoopbackPort}");
        }

        return host;
    }

    public static IServiceCollection AddAdmin(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CallPathOptions>().Bind(configuration.GetSection(CallPathOptions.Section));
        services.AddOptions<AdminOptions>().Bind(configuration.GetSection(AdminOptions.Section)).ValidateOnStart();
        var onLambda = !string.IsNullOrEmpty(configuration["AWS_LAMBDA_FUNCTION_NAME"]);
        services.AddSingleton<IValidateOptions<AdminOptions>>(sp => new AdminSettingsValidation(sp.GetRequiredService<IOptions<CallPathOptions>>(), onLambda));
        return services;
    }
}
