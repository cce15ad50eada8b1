namespace IvrApi.Voicemail;

public sealed class VoicemailOptions
{
    public const string Section = "Voicemail";

    /// <summary>The bucket the PBX host uploads messages to (its IVR_VOICEMAIL_BUCKET); empty means no voicemail listing.</summary>
    public string Bucket { get; set; } = "";

    /// <summary>How long a message link plays: short, as it carries its own authorization to anyone who has it.</summary>
    public int LinkMinutes { get; set; } = 15;

    /// <summary>The most messages one listing returns, newest first.</summary>
    public int MaxMessages { get; set; } = 100;

    /// <summary>An S3-compatible server instead of AWS (s3rver locally), addressed path-style; empty means S3 in AWS_REGION.</summary>
    public string ServiceUrl { get; set; } = "";

    /// <summary>The most one S3 call may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);
}
