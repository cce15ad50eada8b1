namespace IvrApi.Routing;

/// <summary>What an event on a call reports (the SMA's InvocationEventType, in the domain's words).</summary>
public enum CallEventKind
{
    /// <summary>Anything that asks nothing of us: ringing, answered, an action that succeeded without a result to act on, unknown types.</summary>
    Other,

    /// <summary>A new inbound call.</summary>
    NewCall,

    /// <summary>One of our actions succeeded.</summary>
    ActionSucceeded,

    /// <summary>One of our actions failed.</summary>
    ActionFailed,

    /// <summary>A leg hung up.</summary>
    HungUp,

    /// <summary>Our previous answer was rejected.</summary>
    ResponseRejected,
}
