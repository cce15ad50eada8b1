namespace IvrApi.Agents;

/// <summary>The agent secret store did not do what was asked (answered 503; the reason goes to the log only).</summary>
public sealed class AgentSecretsUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
