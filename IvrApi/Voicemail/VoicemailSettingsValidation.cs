using Microsoft.Extensions.Options;

namespace IvrApi.Voicemail;

/// <summary>Voicemail settings refused at start-up, in words.</summary>
internal sealed class VoicemailSettingsValidation : IValidateOptions<VoicemailOptions>
{
    public ValidateOptionsResult Validate(string? name, VoicemailOptions options)
    {
        var errors = new List<string>();
        if (options.LinkMinutes is < 1 or > VoicemailRules.MaxLinkMinutes)
        {
            errors.Add($"Voicemail:LinkMinutes must be 1 to {VoicemailRules.MaxLinkMinutes}: a link plays the caller's voice to whoever holds it.");
        }

        if (options.MaxMessages is < 1 or > VoicemailRules.MaxListed)
        {
            errors.Add($"Voicemail:MaxMessages must be 1 to {VoicemailRules.MaxListed}.");
        }

        if (!string.IsNullOrEmpty(options.ServiceUrl) && !(Uri.TryCreate(options.ServiceUrl, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"))
        {
            errors.Add($"Voicemail:ServiceUrl '{options.ServiceUrl}' must be an http or https URL (e.g. the local s3rver), or empty for S3.");
        }

        if (options.Timeout <= TimeSpan.Zero || options.Timeout > TimeSpan.FromSeconds(20))
        {
            errors.Add("Voicemail:Timeout must be above 0 and at most 00:00:20.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
