namespace IvrApi.Voicemail;

/// <summary>The voicemail bucket did not answer (answered 503; the reason goes to the log only).</summary>
public sealed class VoicemailUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
