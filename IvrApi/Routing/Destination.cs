using IvrApi.Departments;

namespace IvrApi.Routing;

/// <summary>A place a call can be bridged to. <see cref="LexInfo"/> tells the PBX which department the caller asked for.</summary>
public sealed record Destination(DepartmentService Service, string Number, string LexInfo, bool IsOperator)
{
    public static Destination To(Department department) =>
        new(department.Service, department.Number, department.Name, IsOperator: false);

    /// <summary>Whether a bridge endpoint an event reports (its number) is this destination.</summary>
    public bool Is(string? endpointNumber) => string.Equals(Number, endpointNumber?.Trim(), StringComparison.Ordinal);
}
