using IvrApi.Departments;
using IvrApi.Routing.Matching;

namespace IvrApi.Routing;

/// <summary>A place a call can be bridged to. <see cref="LexInfo"/> tells the PBX which department the caller asked for.</summary>
public sealed record Destination(DepartmentService Service, string Number, string LexInfo, bool IsOperator)
{
    public static Destination To(Department department) =>
        new(department.Service, department.Number, department.Name, IsOperator: false);

    /// <summary>Whether a bridge endpoint an event reports (its number) is this destination.</summary>
    public bool Is(string? endpointNumber) => string.Equals(Number, endpointNumber?.Trim(), StringComparison.Ordinal);
}

/// <summary>One thing to do on the call, in the domain's words; the SMA adapter turns each into an action.</summary>
public abstract record CallStep
{
    private CallStep()
    {
    }

    /// <summary>Speak to the caller.</summary>
    public sealed record Say(string Text) : CallStep;

    /// <summary>
    /// Hand the caller to the bot. With a <paramref name="WelcomeText"/> the bot asks its first question itself.
    /// <paramref name="Menu"/> is the keypad menu the caller was given, which the bot's keys then follow. The caller's
    /// number is not passed: the bot needs none, and its conversation logs would keep it.
    /// </summary>
    public sealed record StartBot(string? WelcomeText, KeypadMenu Menu) : CallStep;

    /// <summary>Bridge the caller to a destination.</summary>
    public sealed record Bridge(Destination Destination) : CallStep;

    /// <summary>Hang up one leg; null means the caller's.</summary>
    public sealed record Hangup(string? CallId = null, int SipResponseCode = 0) : CallStep;
}

/// <summary>What comes after the words being spoken: what to do without them if speaking fails.</summary>
public enum AfterSpeech
{
    Nothing,
    Bot,
    Bridge,
    Hangup,
}

/// <summary>
/// What the call remembers between events (kept in the SMA's TransactionAttributes): the destination being bridged,
/// whether it is the operator (tried at most once), and what follows the words now being spoken.
/// </summary>
public sealed record CallMemory(Destination? Destination, bool OperatorTried, AfterSpeech AfterSpeech = AfterSpeech.Nothing);

/// <summary>
/// The answer to one call event. <see cref="Steps"/> null means "keep doing what you are doing"; an empty list means
/// "stop". <see cref="Remember"/> null leaves the call's memory as it is.
/// </summary>
public sealed record CallPlan(IReadOnlyList<CallStep>? Steps, CallMemory? Remember = null)
{
    public static readonly CallPlan KeepGoing = new((IReadOnlyList<CallStep>?)null);

    public static readonly CallPlan Stop = new([]);

    /// <summary>
    /// Optional words, then <paramref name="next"/>: the memory records what follows the words, so a failed Speak can
    /// still reach it.
    /// </summary>
    public static CallPlan SayThen(string? say, CallStep next, bool operatorTried = false)
    {
        var memory = new CallMemory(
            (next as CallStep.Bridge)?.Destination,
            operatorTried,
            say is null ? AfterSpeech.Nothing : next switch
            {
                CallStep.StartBot => AfterSpeech.Bot,
                CallStep.Bridge => AfterSpeech.Bridge,
                _ => AfterSpeech.Hangup,
            });
        return new CallPlan(say is null ? [next] : [new CallStep.Say(say), next], memory);
    }
}
