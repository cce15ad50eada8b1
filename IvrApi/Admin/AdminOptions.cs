using Microsoft.Extensions.Options;

namespace IvrApi.Admin;

/// <summary>How the admin API is reached, decided by settings alone (never by guessing the environment).</summary>
public enum AdminAccess
{
    /// <summary>This machine only: a loopback peer, a loopback Host, no proxy headers.</summary>
    Loopback,

    /// <summary>
    /// Behind a Lambda Function URL with <c>AWS_IAM</c> auth and the AWS Lambda Web Adapter: the request context the
    /// adapter passes in <c>x-amzn-request-context</c> (it overwrites any a client sends) must name the IAM principal.
    /// </summary>
    FunctionUrlIam,
}

public sealed class AdminOptions
{
    public const string Section = "Admin";

    /// <summary>Serve the route admin API. Off by default: a call-path deployment has no admin API at all.</summary>
    public bool Enabled { get; set; }

    public AdminAccess Access { get; set; } = AdminAccess.Loopback;
}

/// <summary>The telephony side: <c>/sma</c>, <c>/lex-hook</c>, <c>/events</c>. The admin function turns it off.</summary>
public sealed class CallPathOptions
{
    public const string Section = "CallPath";

    public bool Enabled { get; set; } = true;
}

/// <summary>Refuses at start-up a deployment that would mix the two roles behind IAM, or serve nothing.</summary>
internal sealed class AdminSettingsValidation(IOptions<CallPathOptions> callPath) : IValidateOptions<AdminOptions>
{
    public ValidateOptionsResult Validate(string? name, AdminOptions options)
    {
        if (options.Access == AdminAccess.FunctionUrlIam && callPath.Value.Enabled)
        {
            return ValidateOptionsResult.Fail("Admin:Access=FunctionUrlIam needs CallPath:Enabled=false: the admin function must not answer telephony events.");
        }

        return !options.Enabled && !callPath.Value.Enabled
            ? ValidateOptionsResult.Fail("CallPath:Enabled=false needs Admin:Enabled=true: there would be nothing to serve.")
            : ValidateOptionsResult.Success;
    }
}

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
