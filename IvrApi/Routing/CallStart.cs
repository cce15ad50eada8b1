namespace IvrApi.Routing;

/// <summary>The caller as the call starts.</summary>
public sealed record CallStart(string CallId, string? CallerNumber, string? CalledNumber);
