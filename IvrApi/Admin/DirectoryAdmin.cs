using IvrApi.Agents;
using IvrApi.Agents.Storage;
using IvrApi.Departments;
using IvrApi.Departments.Storage;
using IvrApi.Routing;
using Microsoft.AspNetCore.Mvc;

namespace IvrApi.Admin;

/// <summary>
/// The admin API's access to the active store and the agent secrets. A store failure of any kind becomes a
/// <see cref="DirectoryUnavailableException"/>, a secret store failure an <see cref="AgentSecretsUnavailableException"/>
/// (both answered 503); every write invalidates the call path's cache and leaves one audit event. Handlers take it
/// <c>[AsParameters]</c>, so it lives for one request.
/// </summary>
internal sealed record DirectoryAdmin(
    [FromServices] IDirectoryStore Store,
    [FromServices] IAgentStore AgentStore,
    [FromServices] IAgentSecretStore Secrets,
    [FromServices] DepartmentDirectory Directory,
    HttpContext Http,
    CancellationToken Aborted)
{
    public async Task<DirectorySnapshot> LoadAsync()
    {
        var content = await GuardAsync(() => Store.LoadAsync(Aborted)).ConfigureAwait(false);
        return new DirectorySnapshot(content.Departments, content.Rules);
    }

    public async Task PutDepartmentAsync(Department department, Department? before)
    {
        await WriteAsync(async () => { await Store.PutDepartmentAsync(department, Aborted).ConfigureAwait(false); return true; }).ConfigureAwait(false);
        AdminAudit.Department(Http, "put", department.Name, before is null ? null : DepartmentRecord.From(before), DepartmentRecord.From(department));
    }

    public async Task<bool> DeleteDepartmentAsync(Department before)
    {
        var deleted = await WriteAsync(() => Store.DeleteDepartmentAsync(before.Name, Aborted)).ConfigureAwait(false);
        if (deleted)
        {
            AdminAudit.Department(Http, "delete", before.Name, DepartmentRecord.From(before), null);
        }

        return deleted;
    }

    public async Task PutRuleAsync(CallerRule rule, CallerRule? before)
    {
        await WriteAsync(async () => { await Store.PutRuleAsync(rule, Aborted).ConfigureAwait(false); return true; }).ConfigureAwait(false);
        AdminAudit.Rule(Http, "put", rule.Id, before is null ? null : RuleRecord.From(before), RuleRecord.From(rule));
    }

    public async Task<bool> DeleteRuleAsync(CallerRule before)
    {
        var deleted = await WriteAsync(() => Store.DeleteRuleAsync(before.Id, Aborted)).ConfigureAwait(false);
        if (deleted)
        {
            AdminAudit.Rule(Http, "delete", before.Id, RuleRecord.From(before), null);
        }

        return deleted;
    }

    public Task<IReadOnlyList<Agent>> LoadAgentsAsync() => GuardAsync(() => AgentStore.LoadAgentsAsync(Aborted));

    public async Task PutAgentAsync(Agent agent, Agent? before)
    {
        await GuardAsync(async () => { await AgentStore.PutAgentAsync(agent, Aborted).ConfigureAwait(false); return true; }).ConfigureAwait(false);
        AdminAudit.Agent(Http, "put", agent.Id, before is null ? null : AgentRecord.From(before), AgentRecord.From(agent));
    }

    public async Task<bool> DeleteAgentAsync(Agent before)
    {
        var deleted = await GuardAsync(() => AgentStore.DeleteAgentAsync(before.Id, Aborted)).ConfigureAwait(false);
        if (deleted)
        {
            AdminAudit.Agent(Http, "delete", before.Id, AgentRecord.From(before), null);
        }

        return deleted;
    }

    /// <summary>A new agent's first password; audited with the agent it belongs to.</summary>
    public Task SetSecretAsync(string agentId, string password) => SecretsAsync(() => Secrets.SetAsync(agentId, password, Aborted));

    public async Task RotateSecretAsync(Agent agent, string password)
    {
        await SecretsAsync(() => Secrets.SetAsync(agent.Id, password, Aborted)).ConfigureAwait(false);
        var record = AgentRecord.From(agent);
        AdminAudit.Agent(Http, "rotate password", agent.Id, record, record);
    }

    public Task DeleteSecretAsync(string agentId) => SecretsAsync(() => Secrets.DeleteAsync(agentId, Aborted));

    private async Task SecretsAsync(Func<Task> operation)
    {
        try
        {
            await operation().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Whatever failed (network, credentials, the service's refusal), the secret was not written.
        catch (Exception ex) when (ex is not AgentSecretsUnavailableException && !Aborted.IsCancellationRequested)
#pragma warning restore CA1031
        {
            throw new AgentSecretsUnavailableException($"The agent secret store did not answer: {ex.Message}", ex);
        }
    }

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
