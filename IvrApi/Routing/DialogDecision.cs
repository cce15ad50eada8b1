using IvrApi.Departments;
using IvrApi.Routing.Matching;

namespace IvrApi.Routing;

/// <summary>What the bot should do next.</summary>
public abstract record DialogDecision
{
    private DialogDecision()
    {
    }

    /// <summary>
    /// Close the conversation: the caller asked for this department. What happens next (opening hours, the words
    /// before the bridge) is decided once, by the call router.
    /// </summary>
    public sealed record RouteTo(Department Department) : DialogDecision;

    /// <summary>Ask "Did you say …?" before routing a near miss.</summary>
    public sealed record Confirm(Department Department, string Message) : DialogDecision;

    /// <summary>Ask for the department again, naming <paramref name="Menu"/>; <paramref name="FailureCount"/> is the new count of misses.</summary>
    public sealed record AskAgain(int FailureCount, string Message, KeypadMenu Menu) : DialogDecision;

    /// <summary>Close the conversation silently: the caller chose the offered language, in which the bot starts again.</summary>
    public sealed record SwitchLanguage(CallLanguage Language) : DialogDecision;

    /// <summary>Close the conversation: the caller goes to the operator.</summary>
    public sealed record HandToOperator(int FailureCount, string Message) : DialogDecision;
}
