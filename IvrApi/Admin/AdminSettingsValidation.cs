using IvrApi.Settings;
using Microsoft.Extensions.Options;

namespace IvrApi.Admin;

/// <summary>
/// Refuses at start-up a deployment that would mix the two roles behind IAM, serve nothing, or trust loopback where
/// every request arrives from loopback (Lambda).
/// </summary>
/// <param name="onLambda">AWS_LAMBDA_FUNCTION_NAME is set.</param>
internal sealed class AdminSettingsValidation(IOptions<CallPathOptions> callPath, bool onLambda) : IValidateOptions<AdminOptions>
{
    public ValidateOptionsResult Validate(string? name, AdminOptions options)
    {
        if (options.Enabled && options.Access == AdminAccess.Loopback && onLambda)
        {
            return ValidateOptionsResult.Fail("Admin:Access=Loopback is refused on Lambda (AWS_LAMBDA_FUNCTION_NAME is set): behind the Web Adapter every request comes from loopback. Use Admin:Access=FunctionUrlIam.");
        }

        if (options.LoopbackPort is < 1024 or > 65535)
        {
            return ValidateOptionsResult.Fail("Admin:LoopbackPort must be 1024 to 65535.");
        }

        if (options.Access == AdminAccess.FunctionUrlIam && callPath.Value.Enabled)
        {
            return ValidateOptionsResult.Fail("Admin:Access=FunctionUrlIam needs CallPath:Enabled=false: the admin function must not answer telephony events.");
        }

        return !options.Enabled && !callPath.Value.Enabled
            ? ValidateOptionsResult.Fail("CallPath:Enabled=false needs Admin:Enabled=true: there would be nothing to serve.")
            : ValidateOptionsResult.Success;
    }
}
