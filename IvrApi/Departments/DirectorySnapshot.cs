using IvrApi.Routing;

namespace IvrApi.Departments;

/// <summary>One consistent view of the directory, in the store's order (the keypad menu numbers departments by it).</summary>
public sealed class DirectorySnapshot
{
    private readonly Dictionary<string, Department> byName;

    public DirectorySnapshot(IReadOnlyList<Department> departments, IReadOnlyList<CallerRule>? rules = null)
    {
        Departments = departments;
        Rules = (rules ?? []).OrderBy(r => r.Order).ThenBy(r => r.Id, StringComparer.Ordinal).ToArray();
        byName = new Dictionary<string, Department>(StringComparer.Ordinal);
        foreach (var department in Departments)
        {
            byName.TryAdd(department.Name, department);
        }
    }

    public IReadOnlyList<Department> Departments { get; }

    /// <summary>Caller rules in evaluation order.</summary>
    public IReadOnlyList<CallerRule> Rules { get; }

    /// <summary>The first rule that applies to this caller and dialled number.</summary>
    public CallerRule? RuleFor(string? caller, string? called) => Rules.FirstOrDefault(r => r.Matches(caller, called));

    /// <summary>Exact lookup, forgiving about case and surrounding white space.</summary>
    public Department? Find(string? name) =>
        name is not null && byName.TryGetValue(DepartmentRules.Normalize(name), out var department) ? department : null;
}
