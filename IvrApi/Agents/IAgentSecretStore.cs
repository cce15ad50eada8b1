namespace IvrApi.Agents;

/// <summary>
/// Where agents' SIP passwords live, one secret per agent, read by the PBX host's sync: Secrets Manager on AWS, a
/// directory of files locally. Write-only from here: the API never reads a password back.
/// </summary>
public interface IAgentSecretStore
{
    /// <summary>Creates the agent's secret, or replaces its value when it exists.</summary>
    Task SetAsync(string agentId, string password, CancellationToken cancellationToken);

    /// <summary>Deletes the agent's secret at once (no recovery window); nothing to delete is not an error.</summary>
    Task DeleteAsync(string agentId, CancellationToken cancellationToken);
}
