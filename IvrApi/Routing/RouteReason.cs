namespace IvrApi.Routing;

/// <summary>Why the router decided what it did: logged with every decision and counted by the metrics.</summary>
public enum RouteReason
{
    Matched,
    Closed,
    CallerRule,
    BotHandedOver,
    NoDepartment,
    UnknownDepartment,
    DirectoryUnavailable,
    BotFailed,
    DestinationFailed,
    SpeechFailed,
    OperatorFailed,
}
