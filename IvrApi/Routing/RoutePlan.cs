namespace IvrApi.Routing;

/// <summary>
/// How a call for a department goes, now: "connecting you" and straight to it when it is open; otherwise a closed
/// message and its after-hours route. <see cref="Destination"/> null means say <see cref="Farewell"/> and hang up.
/// </summary>
public sealed record RoutePlan(Destination? Destination, string Announcement, string? Farewell, bool Closed);
