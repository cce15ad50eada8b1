using System.Text.Json.Serialization;
using IvrApi.Routing;

namespace IvrApi.Agents.Storage;

/// <summary>An agent as stored: the agents table's item, the agents file's entry and the admin API's body.</summary>
public sealed record AgentRecord(
    [property: JsonPropertyName("agent_id")] string? AgentId,
    [property: JsonPropertyName("display_name")] string? DisplayName,
    [property: JsonPropertyName("departments")] IReadOnlyList<string>? Departments,
    [property: JsonPropertyName("languages")] IReadOnlyList<string>? Languages = null)
{
    public Agent? ToAgent(out FieldError? error) => AgentRules.TryCreate(AgentId, DisplayName, Departments, Languages, out error);

    public static AgentRecord From(Agent agent) => new(agent.Id, agent.DisplayName, agent.Departments, agent.Languages);
}
