using IvrApi.Departments;

namespace IvrApi.Routing;

/// <summary>Resolves what the caller said to a department. A wrong department is worse than asking again.</summary>
public interface IDepartmentMatcher
{
    DepartmentMatch Match(string? heard, DirectorySnapshot directory);

    /// <summary>What a caller of <paramref name="language"/> said; a matcher that knows no language but English matches as in English.</summary>
    DepartmentMatch Match(string? heard, DirectorySnapshot directory, CallLanguage language) => Match(heard, directory);
}
