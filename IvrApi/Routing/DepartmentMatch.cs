using IvrApi.Departments;

namespace IvrApi.Routing;

/// <summary>What a caller's words (or keys) mean against the directory.</summary>
public abstract record DepartmentMatch
{
    private DepartmentMatch()
    {
    }

    /// <summary>One department, confidently: route to it.</summary>
    public sealed record Matched(Department Department) : DepartmentMatch;

    /// <summary>Probably this department (a near miss): ask the caller to confirm before routing.</summary>
    public sealed record Probable(Department Department) : DepartmentMatch;

    /// <summary>Several departments fit ("art history"): ask again, never guess.</summary>
    public sealed record Ambiguous(IReadOnlyList<Department> Candidates) : DepartmentMatch;

    /// <summary>Nothing fits, or there were no words at all.</summary>
    public sealed record NoMatch : DepartmentMatch;

    public static readonly DepartmentMatch None = new NoMatch();
}
