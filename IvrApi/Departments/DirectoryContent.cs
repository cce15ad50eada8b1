using IvrApi.Routing;

namespace IvrApi.Departments;

/// <summary>Everything the directory holds: departments in order, and the caller rules.</summary>
public sealed record DirectoryContent(IReadOnlyList<Department> Departments, IReadOnlyList<CallerRule> Rules);
