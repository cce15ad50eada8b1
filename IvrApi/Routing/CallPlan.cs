namespace IvrApi.Routing;

/// <summary>A place a call can be bridged to. <see cref="LexInfo"/> tells the PBX which department the caller asked for.</summary>
public sealed record Destination(DepartmentService Service, string Number, string LexInfo, bool IsOperator)
{
    public static Destination To(Department department) =>
        new(department.Service, department.Number, department.Name, IsOperator: false);
}

/// <summary>One thing to do on the call, in the domain's words; the SMA adapter turns each into an action.</summary>
public abstract record CallStep
{
    private CallStep()
    {
    }

    /// <summary>Speak to the caller.</summary>
    public sealed record Say(string Text) : CallStep;

    /// <summary>Hand the caller to the bot. With a <paramref name="WelcomeText"/> the bot asks its first question itself.</summary>
    public sealed record StartBot(string? WelcomeText, string? CallerNumber) : CallStep;

    /// <summary>Bridge the caller to a destination.</summary>
    public sealed record Bridge(Destination Destination) : CallStep;

    /// <summary>Hang up one leg; null means the caller's.</summary>
    public sealed record Hangup(string? CallId = null, int SipResponseCode = 0) : CallStep;
}

/// <summary>What the call remembers between events (kept in the SMA's TransactionAttributes).</summary>
public sealed record CallMemory(string? BridgedTo, bool OperatorTried);

/// <summary>
/// The answer to one call event. <see cref="Steps"/> null means "keep doing what you are doing"; an empty list means
/// "stop". <see cref="Remember"/> null leaves the call's memory as it is.
/// </summary>
public sealed record CallPlan(IReadOnlyList<CallStep>? Steps, CallMemory? Remember = null)
{
    public static readonly CallPlan KeepGoing = new((IReadOnlyList<CallStep>?)null);

    public static readonly CallPlan Stop = new([]);
}
