using IvrApi.Departments;

namespace IvrApi.Routing;

/// <summary>
/// Stand-in for langmatch's <c>Department.SpokenName(CallLanguage)</c> (issue 21, per-language names in the directory):
/// the same call shape, so the call sites need no change when it lands; its instance method then takes precedence
/// and this file goes. Until then a department is said by its one name in either language.
/// </summary>
public static class DepartmentSpokenName
{
    public static string SpokenName(this Department department, CallLanguage language)
    {
        ArgumentNullException.ThrowIfNull(department);
        _ = language;
        return DepartmentRules.Spoken(department.Name);
    }
}
