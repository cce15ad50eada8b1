using Amazon.Runtime;
using Amazon.S3;
using IvrApi.Voicemail.Storage;
using Microsoft.Extensions.Options;

namespace IvrApi.Voicemail;

internal static class VoicemailServices
{
    /// <summary>The voicemail bucket reader; the S3 client is built on first use, so nothing asks for credentials unless a listing is made.</summary>
    public static IServiceCollection AddVoicemail(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<VoicemailOptions>().Bind(configuration.GetSection(VoicemailOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<VoicemailOptions>, VoicemailSettingsValidation>();
        services.AddSingleton<IAmazonS3>(sp =>
        {
            var settings = sp.GetRequiredService<IOptions<VoicemailOptions>>().Value;
            var config = new AmazonS3Config { Timeout = settings.Timeout, MaxErrorRetry = 1 };
            if (!string.IsNullOrEmpty(settings.ServiceUrl))
            {
                // s3rver and other local servers answer path-style only; they still check SigV4 for a Region.
                config.ServiceURL = settings.ServiceUrl;
                config.ForcePathStyle = true;
                config.AuthenticationRegion = FallbackRegionFactory.GetRegionEndpoint()?.SystemName ?? "us-east-1";
            }

            return new AmazonS3Client(config);
        });
        services.AddSingleton<IVoicemailStore, S3VoicemailStore>();
        return services;
    }
}
