using IvrApi.Routing;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace IvrApi.Observability;

internal static class CallMetricsServices
{
    /// <summary>The metrics port and its adapter; the EMF writer is used only with <c>Metrics:Emf</c>.</summary>
    public static IServiceCollection AddCallMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MetricsOptions>().Bind(configuration.GetSection(MetricsOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MetricsOptions>, MetricsOptionsValidation>();
        services.AddMetrics();
        services.AddSingleton<CallMetrics>();
        services.AddSingleton<ICallMetrics>(sp => sp.GetRequiredService<CallMetrics>());
        services.TryAddSingleton(new EmfOutput(Console.Out));
        services.AddSingleton<EmfWriter>();
        return services;
    }
}
