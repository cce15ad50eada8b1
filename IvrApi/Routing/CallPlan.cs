namespace IvrApi.Routing;

/// <summary>
/// The answer to one call event. <see cref="Steps"/> null means "keep doing what you are doing"; an empty list means
/// "stop". <see cref="Remember"/> null leaves the call's memory as it is.
/// </summary>
public sealed record CallPlan(IReadOnlyList<CallStep>? Steps, CallMemory? Remember = null)
{
    public static readonly CallPlan KeepGoing = new((IReadOnlyList<CallStep>?)null);

    public static readonly CallPlan Stop = new([]);

    /// <summary>The language the plan's words are in: the language it remembers (a plan without words remembers none).</summary>
    public CallLanguage? Language => Remember?.Language;

    /// <summary>
    /// Optional words, then <paramref name="next"/>: the memory records what follows the words, so a failed Speak can
    /// still reach it, and keeps the call's <paramref name="language"/>.
    /// </summary>
    public static CallPlan SayThen(string? say, CallStep next, CallLanguage language, bool operatorTried = false)
    {
        var memory = new CallMemory(
            (next as CallStep.Bridge)?.Destination,
            operatorTried,
            say is null ? AfterSpeech.Nothing : next is CallStep.Bridge ? AfterSpeech.Bridge : AfterSpeech.Hangup,
            language);
        return new CallPlan(say is null ? [next] : [new CallStep.Say(say), next], memory);
    }
}
