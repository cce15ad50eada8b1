using IvrApi.Routing.Matching;
using IvrApi.Settings;
using Microsoft.Extensions.Options;

namespace IvrApi.Routing;

internal static class RoutingServices
{
    /// <summary>The routing domain: the router, the bot dialog, the matcher and the PSTN policy, with their settings.</summary>
    public static IServiceCollection AddCallRouting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RoutingOptions>().Bind(configuration.GetSection(RoutingOptions.Section)).ValidateOnStart();
        services.AddOptions<PromptOptions>().Bind(configuration.GetSection(PromptOptions.Section)).ValidateOnStart();
        services.AddOptions<PromptOptions>(CallPrompts.OptionsName(CallLanguage.Spanish))
            .Configure(SpanishPrompts.Apply)
            .Bind(configuration.GetSection(PromptOptions.Section).GetSection(CallPrompts.SpanishSection))
            .ValidateOnStart();
        services.AddSingleton(sp => CallPrompts.From(sp.GetRequiredService<IOptionsMonitor<PromptOptions>>()));
        services.AddSingleton<IValidateOptions<RoutingOptions>, SettingsValidation>();
        services.AddSingleton<IValidateOptions<PromptOptions>, SettingsValidation>();

        services.AddSingleton(sp => PstnPolicy.From(sp.GetRequiredService<IOptions<RoutingOptions>>().Value));
        services.AddSingleton<IDepartmentMatcher, ForgivingDepartmentMatcher>();
        services.AddSingleton<CallRouter>();
        services.AddSingleton<DepartmentDialog>();
        return services;
    }
}
