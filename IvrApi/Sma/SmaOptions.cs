namespace IvrApi.Sma;

public sealed class SmaOptions
{
    public const string Section = "Sma";

    /// <summary>The Voice Connector that reaches the PBX: CallAndBridge's <c>Arn</c> for voiceConnector routes.</summary>
    public string VoiceConnectorArn { get; set; } = "";

    /// <summary>The SIP header that tells the PBX which department the caller asked for.</summary>
    public string DepartmentHeader { get; set; } = "X-LexInfo";

    /// <summary>The SIP header that tells the PBX the call's language, "en" or "es": its prompts and the agent follow it.</summary>
    public const string LanguageHeader = "X-IVR-Language";
}
