namespace IvrApi.Sma;

public sealed record SpeakParameters(string CallId, string Text, string VoiceId, string Engine);
