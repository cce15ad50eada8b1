using IvrApi.Routing;

namespace IvrApi.Departments;

/// <summary>
/// Storage port. Reads everything at once (the tables are small and matching a caller's words needs every name);
/// writes one department or rule (the route admin API).
/// </summary>
public interface IDirectoryStore
{
    Task<DirectoryContent> LoadAsync(CancellationToken cancellationToken);

    Task PutDepartmentAsync(Department department, CancellationToken cancellationToken);

    /// <returns>False when there was no such department.</returns>
    Task<bool> DeleteDepartmentAsync(string name, CancellationToken cancellationToken);

    Task PutRuleAsync(CallerRule rule, CancellationToken cancellationToken);

    /// <returns>False when there was no such rule.</returns>
    Task<bool> DeleteRuleAsync(string id, CancellationToken cancellationToken);
}
