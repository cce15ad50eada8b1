using System.Text.Json.Serialization;

namespace IvrApi.Agents;

/// <summary>The answer to creating an agent: the stored agent and, this once, the SIP password it signs in with.</summary>
public sealed record AgentCreated(
    [property: JsonPropertyName("agent_id")] string AgentId,
    [property: JsonPropertyName("display_name")] string DisplayName,
    [property: JsonPropertyName("departments")] IReadOnlyList<string> Departments,
    [property: JsonPropertyName("languages")] IReadOnlyList<string> Languages,
    [property: JsonPropertyName("password")] string Password);
