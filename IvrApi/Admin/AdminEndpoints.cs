using IvrApi.Agents;
using IvrApi.Departments;
using IvrApi.Departments.Storage;
using IvrApi.Voicemail;
using Microsoft.Extensions.Options;

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
        // Any declared type reaches the handler, which explains a body that is not declared JSON (curl -d alone).
        departments.MapPut("/{name}", DepartmentAdmin.PutAsync).Accepts<DepartmentRecord>("application/json", "*/*")
            .WithSummary("Create or replace a department; calls route by it at once");
        departments.MapDelete("/{name}", DepartmentAdmin.DeleteAsync).WithSummary("Delete a department no rule or after-hours route names");

        var rules = routes.MapGroup("/rules").WithTags("Admin").AddEndpointFilter(GuardAsync);
        rules.MapGet("/", RuleAdmin.ListAsync).WithSummary("All caller rules, in evaluation order");
        rules.MapGet("/{id}", RuleAdmin.GetAsync).WithSummary("One caller rule");
        rules.MapPut("/{id}", RuleAdmin.PutAsync).Accepts<RuleRecord>("application/json", "*/*")
            .WithSummary("Create or replace a caller rule; calls follow it at once");
        rules.MapDelete("/{id}", RuleAdmin.DeleteAsync).WithSummary("Delete a caller rule");
        return routes;
    }

    /// <summary>With the admin API off, its paths say so and how to turn it on, instead of a bare 404.</summary>
    public static IEndpointRouteBuilder MapAdminOff(this IEndpointRouteBuilder routes)
    {
        foreach (var path in new[] { "/departments", "/departments/{**rest}", "/rules", "/rules/{**rest}", "/agents", "/agents/{**rest}" })
        {
            routes.Map(path, () => TypedResults.Problem(
                    statusCode: StatusCodes.Status404NotFound,
                    title: "The route admin API is off",
                    detail: "/departments, /rules and /agents are served when Admin:Enabled is true, e.g. Admin__Enabled=true dotnet run --project IvrApi (README, \"Route admin API\"); on AWS, through the admin function's AdminUrl."))
                .ExcludeFromDescription();
        }

        return routes;
    }

    /// <summary>The admin guard and store-failure answers, on every admin route group.</summary>
    public static async ValueTask<object?> GuardAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var options = http.RequestServices.GetRequiredService<IOptions<AdminOptions>>().Value;
        var access = options.Access;
        var (principal, refusal) = AdminGuard.Check(http, options);
        if (principal is null)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: access == AdminAccess.FunctionUrlIam ? "The admin API answers IAM-signed Function URL requests only" : "The admin API answers local requests only",
                detail: refusal);
        }

        http.Items[AdminAudit.PrincipalItem] = principal;
        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (Exception ex) when (Unavailable(ex) is { } store)
        {
            // The store's own message can name ARNs and the account: it goes to the log only.
            store.Log(http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AdminEndpoints).FullName!), ex.InnerException ?? ex);
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: store.Title, detail: store.Detail);
        }
    }

    /// <summary>The store a failure says did not answer: its log line, the problem's title and detail.</summary>
    private static (Action<ILogger, Exception> Log, string Title, string Detail)? Unavailable(Exception ex) => ex switch
    {
        DirectoryUnavailableException => (LogStoreFailed, "The department directory store is unavailable",
            "The store did not answer in time; the change may or may not have been made. Read it back, then try again."),
        AgentSecretsUnavailableException => (LogSecretsFailed, "The agent secret store is unavailable",
            "The agent's password could not be written or deleted; nothing was shown or signed out. Try again."),
        VoicemailUnavailableException => (LogVoicemailFailed, "The voicemail bucket is unavailable",
            "The bucket did not answer in time or refused the request. Try again."),
        _ => null,
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Admin request failed: the voicemail bucket did not answer")]
    private static partial void LogVoicemailFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Admin request failed: the agent secret store did not answer")]
    private static partial void LogSecretsFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Admin request failed: the directory store did not answer")]
    private static partial void LogStoreFailed(ILogger logger, Exception exception);
}
