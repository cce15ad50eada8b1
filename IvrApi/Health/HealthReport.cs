namespace IvrApi.Health;

/// <summary>Readiness for the Web Adapter and for tests.</summary>
public sealed record HealthReport(string Status, string Directory, int? Departments);
