using System.Text.Json.Serialization;

namespace IvrApi.Agents;

/// <summary>The answer to <c>POST /agents/{id}/password</c>: the new SIP password, shown this once.</summary>
public sealed record AgentPasswordRotated(
    [property: JsonPropertyName("agent_id")] string AgentId,
    [property: JsonPropertyName("password")] string Password);
