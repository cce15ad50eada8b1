using IvrApi.Settings;
using Microsoft.Extensions.Options;

namespace IvrApi.Admin;

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
