using IvrApi.Departments;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IvrApi.Health;

internal static class HealthEndpoints
{
    public static RouteGroupBuilder MapHealth(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/healthz").WithTags("Health");
        group.MapGet("/", CheckAsync).WithSummary("Ready to answer calls; also reports the department directory");
        return group;
    }

    // Always 200 once the app is up: a department table outage must not keep the function from starting, because
    // callers are then routed to the operator. Reading the directory here also warms the path the first call takes.
    public static async Task<Ok<HealthReport>> CheckAsync(DepartmentDirectory directory, CancellationToken cancellationToken)
    {
        try
        {
            var snapshot = await directory.GetAsync(cancellationToken).ConfigureAwait(false);
            return TypedResults.Ok(new HealthReport("ok", "ok", snapshot.Departments.Count));
        }
        catch (DirectoryUnavailableException)
        {
            return TypedResults.Ok(new HealthReport("ok", "unavailable", null));
        }
    }
}
