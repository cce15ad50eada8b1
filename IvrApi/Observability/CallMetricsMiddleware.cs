using Microsoft.Extensions.Options;

namespace IvrApi.Observability;

internal static class CallMetricsMiddleware
{
    /// <summary>
    /// Around every request: collect what it decided, then record the decision latency and, with <c>Metrics:Emf</c>,
    /// write the EMF document. Requests that decided nothing (health, admin, RINGING) write nothing.
    /// </summary>
    public static IApplicationBuilder UseCallMetrics(this IApplicationBuilder app)
    {
        var services = app.ApplicationServices;
        var metrics = services.GetRequiredService<CallMetrics>();
        var clock = services.GetRequiredService<TimeProvider>();
        var emf = services.GetRequiredService<IOptions<MetricsOptions>>().Value.Emf ? services.GetRequiredService<EmfWriter>() : null;
        return app.Use(async (HttpContext context, RequestDelegate next) =>
        {
            var record = DecisionRecord.Begin();
            var started = clock.GetTimestamp();
            try
            {
                await next(context).ConfigureAwait(false);
            }
            finally
            {
                var entries = record.Entries;
                if (entries.Count > 0)
                {
                    var milliseconds = clock.GetElapsedTime(started).TotalMilliseconds;
                    metrics.DecisionTook(milliseconds);
                    emf?.Write(entries, milliseconds);
                }
            }
        });
    }
}
