namespace IvrApi.Departments;

/// <summary>The storage could not answer in time or at all. Callers are then routed to the operator, never told "unknown department".</summary>
public sealed class DirectoryUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
