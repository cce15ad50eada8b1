namespace IvrApi.Routing;

/// <summary>Where a caller goes when a department is closed.</summary>
public abstract record AfterHours
{
    private AfterHours()
    {
    }

    /// <summary>Another department takes the call (its own hours are not consulted again, so routes cannot loop).</summary>
    public sealed record ToDepartment(string Name) : AfterHours;

    /// <summary>A PSTN number takes the call.</summary>
    public sealed record ToPstn(string Number) : AfterHours;

    /// <summary>Say this, in the caller's language, then hang up (a voicemail-style message).</summary>
    public sealed record SayAndHangUp(LocalizedText Message) : AfterHours;

    /// <summary>The operator takes the call: what a stored route that may not be called becomes (<see cref="PstnPolicy"/>).</summary>
    public sealed record ToOperator : AfterHours;
}
