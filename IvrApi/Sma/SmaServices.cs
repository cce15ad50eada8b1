namespace IvrApi.Sma;

internal static class SmaServices
{
    /// <summary>The Chime SIP media application adapter.</summary>
    public static IServiceCollection AddSma(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SmaOptions>().Bind(configuration.GetSection(SmaOptions.Section));
        services.AddSingleton<SmaHandler>();
        return services;
    }
}
