using IvrApi.Admin;
using IvrApi.Agents.Storage;

namespace IvrApi.Agents;

/// <summary>The agents part of the admin API, on its route group and guard.</summary>
internal static class AgentEndpoints
{
    public static IEndpointRouteBuilder MapAgents(this IEndpointRouteBuilder routes)
    {
        var agents = routes.MapGroup("/agents").WithTags("Admin").AddEndpointFilter(AdminEndpoints.GuardAsync);
        agents.MapGet("/", AgentAdmin.ListAsync).WithSummary("All agents, by id; never their passwords");
        agents.MapGet("/{id}", AgentAdmin.GetAsync).WithSummary("One agent; never its password");
        agents.MapPut("/{id}", AgentAdmin.PutAsync).Accepts<AgentRecord>("application/json", "*/*")
            .WithSummary("Create or replace an agent; a new agent's SIP password is in this answer only");
        agents.MapDelete("/{id}", AgentAdmin.DeleteAsync).WithSummary("Delete an agent and its secret, which signs it out once the PBX syncs");
        agents.MapPost("/{id}/password", AgentAdmin.RotatePasswordAsync).WithSummary("A new SIP password for the agent, in this answer only");
        return routes;
    }
}
