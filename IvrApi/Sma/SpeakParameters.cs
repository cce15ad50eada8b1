namespace IvrApi.Sma;

/// <summary>
/// Speak's parameters (https://docs.aws.amazon.com/chime-sdk/latest/dg/speak.html): <c>VoiceId</c> an Amazon Polly
/// voice, <c>LanguageCode</c> an Amazon Polly language code ("en-US", "es-US").
/// </summary>
public sealed record SpeakParameters(string CallId, string Text, string VoiceId, string Engine, string LanguageCode);
