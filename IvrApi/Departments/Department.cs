using IvrApi.Routing;

namespace IvrApi.Departments;

/// <summary>A routable department. <see cref="Name"/> is canonical: trimmed, lower case.</summary>
public sealed record Department(string Name, DepartmentService Service, string Number)
{
    /// <summary>Other words callers use for it ("mathematics" for math); canonical like the name.</summary>
    public IReadOnlyList<string> Synonyms { get; init; } = [];

    /// <summary>Opening hours; none means always open.</summary>
    public OpeningHours? Hours { get; init; }

    /// <summary>Where it stands in the directory's order when the store has no order of its own (a table).</summary>
    public int? Position { get; init; }

    /// <summary>The longest a caller waits in this department's PBX queue before voicemail; none means the PBX default.</summary>
    public int? MaxWaitSeconds { get; init; }
}
