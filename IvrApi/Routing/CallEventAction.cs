namespace IvrApi.Routing;

/// <summary>Which of our steps an event reports on.</summary>
public enum CallEventAction
{
    /// <summary>None, or one the router never asks for.</summary>
    Other,

    /// <summary>The bot conversation (<see cref="CallStep.StartBot"/>).</summary>
    Bot,

    /// <summary>Words (<see cref="CallStep.Say"/>).</summary>
    Speech,

    /// <summary>A bridge (<see cref="CallStep.Bridge"/>).</summary>
    Bridge,

    /// <summary>A hang-up (<see cref="CallStep.Hangup"/>).</summary>
    Hangup,
}
