using System.Net;
using IvrApi.Departments;
using IvrApi.Routing;

namespace IvrApi.Admin;

/// <summary>
/// The route admin API: departments and caller rules change without a redeploy. Reads go straight to the store (not
/// the call path's cache) so an edit starts from what is stored; every write drops this process's cached directory,
/// and other Lambda instances see it within <c>Directory:CacheDuration</c>.
/// </summary>
internal static partial class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdmin(this IEndpointRouteBuilder routes)
    {
        var departments = routes.MapGroup("/departments").WithTags("Admin").AddEndpointFilter(GuardAsync);
        departments.MapGet("/", DepartmentAdmin.ListAsync).WithSummary("All departments, in directory (keypad menu) order");
        departments.MapGet("/{name}", DepartmentAdmin.GetAsync).WithSummary("One department; the name is matched ignoring case and surrounding spaces");
        departments.MapPut("/{name}", DepartmentAdmin.PutAsync).Accepts<DepartmentRecord>("application/json")
            .WithSummary("Create or replace a department; calls route by it at once");
        departments.MapDelete("/{name}", DepartmentAdmin.DeleteAsync).WithSummary("Delete a department no rule or after-hours route names");

        var rules = routes.MapGroup("/rules").WithTags("Admin").AddEndpointFilter(GuardAsync);
        rules.MapGet("/", RuleAdmin.ListAsync).WithSummary("All caller rules, in evaluation order");
        rules.MapGet("/{id}", RuleAdmin.GetAsync).WithSummary("One caller rule");
        rules.MapPut("/{id}", RuleAdmin.PutAsync).Accepts<RuleRecord>("application/json")
            .WithSummary("Create or replace a caller rule; calls follow it at once");
        rules.MapDelete("/{id}", RuleAdmin.DeleteAsync).WithSummary("Delete a caller rule");
        return routes;
    }

    /// <summary>
    /// On Lambda the IAM-authenticated Function URL is the guard (the Web Adapter makes every request look local), so
    /// everything that reaches the app is allowed. Anywhere else the API is open to this machine only: a request from
    /// another address is refused. The in-process test server has no remote address, which is local too.
    /// </summary>
    public static bool IsAllowed(string? lambdaFunctionName, IPAddress? remoteAddress) =>
        !string.IsNullOrEmpty(lambdaFunctionName) || remoteAddress is null || IPAddress.IsLoopback(remoteAddress);

    private static async ValueTask<object?> GuardAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var configuration = http.RequestServices.GetRequiredService<IConfiguration>();
        if (!IsAllowed(configuration["AWS_LAMBDA_FUNCTION_NAME"], http.Connection.RemoteIpAddress))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "The admin API answers local requests only",
                detail: "Outside AWS Lambda, departments and rules can be changed from this machine only (loopback).");
        }

        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (DirectoryUnavailableException ex)
        {
            LogStoreFailed(http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AdminEndpoints).FullName!), ex.InnerException ?? ex);
            return TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "The department directory store is unavailable",
                detail: ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Admin request failed: the directory store did not answer")]
    private static partial void LogStoreFailed(ILogger logger, Exception exception);
}
