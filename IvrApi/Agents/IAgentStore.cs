namespace IvrApi.Agents;

/// <summary>
/// Storage port for agents, kept by the directory's own adapters next to the departments. Apart from the department
/// snapshot on purpose: the call path never needs agents, so it neither reads nor needs a grant on their table.
/// </summary>
public interface IAgentStore
{
    Task<IReadOnlyList<Agent>> LoadAgentsAsync(CancellationToken cancellationToken);

    Task PutAgentAsync(Agent agent, CancellationToken cancellationToken);

    /// <returns>False when there was no such agent.</returns>
    Task<bool> DeleteAgentAsync(string id, CancellationToken cancellationToken);
}
