using IvrApi.Departments;

namespace IvrApi.Routing;

/// <summary>Resolves what the caller said to a department. A wrong department is worse than asking again.</summary>
public interface IDepartmentMatcher
{
    DepartmentMatch Match(string? heard, DirectorySnapshot directory);
}
