namespace IvrApi.Routing;

/// <summary>
/// Port to the operations metrics: what the routing domain tells them at each decision. Only bounded values cross it
/// (enums, departments from the directory, the SMA's documented error types), never a phone number or a call id.
/// </summary>
public interface ICallMetrics
{
    /// <summary>A new inbound call reached the router.</summary>
    void CallStarted();

    /// <summary>A caller rule matched and was acted on.</summary>
    void CallerRuleApplied(RuleAction action);

    /// <summary>
    /// A routing decision: <paramref name="destination"/> a department (routed), the operator (a fallback), or null
    /// (the call ends in words and a hang-up). <paramref name="closed"/>: the department was closed, so its after-hours
    /// route decided.
    /// </summary>
    void Decided(RouteReason reason, Destination? destination, bool closed);

    /// <summary>StartBotConversation failed, with the SMA's ErrorType.</summary>
    void BotFailed(string? errorType);

    /// <summary>CallAndBridge failed, with the SMA's ErrorType.</summary>
    void BridgeFailed(string? errorType);

    /// <summary>The code hook decided one bot turn.</summary>
    void BotTurn(DialogDecision decision);

    /// <summary>No usable directory: the caller was served without one.</summary>
    void DirectoryUnavailable();

    /// <summary>The store failed and the last good copy of the directory was served instead.</summary>
    void StaleDirectoryServed();
}
