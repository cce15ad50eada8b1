using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace IvrApi.Observability;

internal static class Logging
{
    /// <summary>Compact JSON on Lambda (CloudWatch parses it), readable text on a laptop; every line of a call carries its ids.</summary>
    public static IServiceCollection AddIvrLogging(this IServiceCollection services, IConfiguration configuration)
    {
        var level = Enum.TryParse<LogEventLevel>(configuration["Logging:MinimumLevel"], ignoreCase: true, out var configured)
            ? configured
            : LogEventLevel.Information;
        var onLambda = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("AWS_LAMBDA_FUNCTION_NAME"));
        return services.AddSerilog((provider, logger) =>
        {
            // Sinks registered in the container (the tests' capture) join the console. They sit behind a sub-logger
            // so that control characters are escaped after every enricher ran, the call's log scope included.
            logger.MinimumLevel.Is(level)
                .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
                .Enrich.FromLogContext()
                .WriteTo.Logger(sinks =>
                {
                    sinks.MinimumLevel.Verbose().Enrich.With<ControlCharacterEscaper>().ReadFrom.Services(provider);
                    if (onLambda)
                    {
                        sinks.WriteTo.Console(new RenderedCompactJsonFormatter());
                    }
                    else
                    {
                        sinks.WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {TransactionId} {CallId} {Message:lj}{NewLine}{Exception}");
                    }
                });
        },

        // Each host owns its logger; the static Log.Logger is left alone, so hosts in one process (tests) stay apart.
        preserveStaticLogger: true);
    }
}
