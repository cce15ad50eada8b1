using IvrApi.Admin;
using IvrApi.Agents.Storage;
using IvrApi.Http;
using IvrApi.Routing;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IvrApi.Agents;

/// <summary>
/// <c>/agents</c>: bodies are <see cref="AgentRecord"/>. The secret is written before the agent and deleted before it,
/// so a failure half way leaves at worst an agent who cannot sign in, never one whose password nobody was shown; a
/// retried PUT of a new agent creates a fresh password, and a retried DELETE finishes the job.
/// </summary>
internal static class AgentAdmin
{
    public static async Task<Ok<AgentRecord[]>> ListAsync([AsParameters] DirectoryAdmin admin) =>
        TypedResults.Ok((await admin.LoadAgentsAsync().ConfigureAwait(false)).Select(AgentRecord.From).ToArray());

    public static async Task<Results<Ok<AgentRecord>, ProblemHttpResult>> GetAsync(string id, [AsParameters] DirectoryAdmin admin) =>
        await FindAsync(admin, id).ConfigureAwait(false) is { } agent ? TypedResults.Ok(AgentRecord.From(agent)) : AdminRequests.NotFound($"agent '{id}'");

    public static async Task<Results<Created<AgentCreated>, Ok<AgentRecord>, ValidationProblem, ProblemHttpResult>> PutAsync(
        string id, HttpRequest request, [AsParameters] DirectoryAdmin admin)
    {
        var (record, unreadable, invalid) = await AdminRequests.ReadAsync(request, AdminBody.Agent, IvrJsonContext.Default.AgentRecord, admin.Aborted).ConfigureAwait(false);
        if (record is null)
        {
            return invalid is not null ? invalid : unreadable!;
        }

        if (!string.IsNullOrWhiteSpace(record.AgentId) && Canonical(record.AgentId) != Canonical(id))
        {
            return AdminRequests.Invalid("agent_id", $"agent_id '{record.AgentId}' differs from the id in the path, '{id}'");
        }

        var agent = (record with { AgentId = id }).ToAgent(out var error);
        if (agent is null)
        {
            return AdminRequests.Invalid(error!);
        }

        if (AgentRules.CheckAgainst(agent, await admin.LoadAsync().ConfigureAwait(false)) is { } conflict)
        {
            return AdminRequests.Invalid(conflict);
        }

        var before = await FindAsync(admin, agent.Id).ConfigureAwait(false);
        if (before is not null)
        {
            await admin.PutAgentAsync(agent, before).ConfigureAwait(false);
            return TypedResults.Ok(AgentRecord.From(agent));
        }

        var password = AgentPassword.Generate();
        await admin.SetSecretAsync(agent.Id, password).ConfigureAwait(false);
        await admin.PutAgentAsync(agent, null).ConfigureAwait(false);
        return TypedResults.Created(
            $"/agents/{Uri.EscapeDataString(agent.Id)}",
            new AgentCreated(agent.Id, agent.DisplayName, agent.Departments, agent.Languages, password));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, [AsParameters] DirectoryAdmin admin)
    {
        if (await FindAsync(admin, id).ConfigureAwait(false) is not { } agent)
        {
            return AdminRequests.NotFound($"agent '{id}'");
        }

        await admin.DeleteSecretAsync(agent.Id).ConfigureAwait(false);
        return await admin.DeleteAgentAsync(agent).ConfigureAwait(false) ? TypedResults.NoContent() : AdminRequests.NotFound($"agent '{id}'");
    }

    public static async Task<Results<Ok<AgentPasswordRotated>, ProblemHttpResult>> RotatePasswordAsync(string id, [AsParameters] DirectoryAdmin admin)
    {
        if (await FindAsync(admin, id).ConfigureAwait(false) is not { } agent)
        {
            return AdminRequests.NotFound($"agent '{id}'");
        }

        var password = AgentPassword.Generate();
        await admin.RotateSecretAsync(agent, password).ConfigureAwait(false);
        return TypedResults.Ok(new AgentPasswordRotated(agent.Id, password));
    }

    private static async Task<Agent?> FindAsync(DirectoryAdmin admin, string id) =>
        (await admin.LoadAgentsAsync().ConfigureAwait(false)).FirstOrDefault(a => a.Id == Canonical(id));

    private static string Canonical(string id) => id.Trim().ToLowerInvariant();
}
