using IvrApi.Routing;
using Microsoft.AspNetCore.Mvc;

namespace IvrApi.Admin;

/// <summary>
/// The admin API's access to the active store. A store failure of any kind becomes a
/// <see cref="DirectoryUnavailableException"/> (answered 503), and every write invalidates the call path's cache.
/// Handlers take it <c>[AsParameters]</c>, so it lives for one request.
/// </summary>
internal sealed record DirectoryAdmin(
    [FromServices] IDirectoryStore Store,
    [FromServices] DepartmentDirectory Directory,
    CancellationToken Aborted)
{
    public async Task<DirectorySnapshot> LoadAsync()
    {
        var content = await GuardAsync(() => Store.LoadAsync(Aborted)).ConfigureAwait(false);
        return new DirectorySnapshot(content.Departments, content.Rules);
    }

    public Task PutDepartmentAsync(Department department) =>
        WriteAsync(async () => { await Store.PutDepartmentAsync(department, Aborted).ConfigureAwait(false); return true; });

    public Task<bool> DeleteDepartmentAsync(string name) => WriteAsync(() => Store.DeleteDepartmentAsync(name, Aborted));

    public Task PutRuleAsync(CallerRule rule) =>
        WriteAsync(async () => { await Store.PutRuleAsync(rule, Aborted).ConfigureAwait(false); return true; });

    public Task<bool> DeleteRuleAsync(string id) => WriteAsync(() => Store.DeleteRuleAsync(id, Aborted));

    private async Task<bool> WriteAsync(Func<Task<bool>> write)
    {
        var changed = await GuardAsync(write).ConfigureAwait(false);
        Directory.Invalidate();
        return changed;
    }

    private async Task<T> GuardAsync<T>(Func<Task<T>> operation)
    {
        try
        {
            return await operation().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // SDK, network, timeout and configuration errors all mean the same to the operator: the store did not do it.
        catch (Exception ex) when (ex is not DirectoryUnavailableException && !Aborted.IsCancellationRequested)
#pragma warning restore CA1031
        {
            throw new DirectoryUnavailableException($"The directory store did not answer: {ex.Message}", ex);
        }
    }
}
