using IvrApi.Departments;

namespace IvrApi.Routing;

/// <summary>Resolves what the caller said to a department. A wrong department is worse than asking again.</summary>
public interface IDepartmentMatcher
{
    /// <param name="language">The call's language: its word rules apply, and a Spanish caller's words may be Spanish or English names.</param>
    DepartmentMatch Match(string? heard, DirectorySnapshot directory, CallLanguage language = CallLanguage.English);
}
