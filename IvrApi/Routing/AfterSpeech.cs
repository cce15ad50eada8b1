namespace IvrApi.Routing;

/// <summary>What comes after the words being spoken: what to do without them if speaking fails.</summary>
public enum AfterSpeech
{
    Nothing,
    Bridge,
    Hangup,
}
