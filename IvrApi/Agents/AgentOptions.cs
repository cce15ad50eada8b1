namespace IvrApi.Agents;

public sealed class AgentOptions
{
    public const string Section = "Agents";

    /// <summary><c>Directory</c> (one file per agent, for the local PBX) or <c>SecretsManager</c>.</summary>
    public string SecretStore { get; set; } = "Directory";

    /// <summary>Secrets Manager secret names are this prefix and the agent id (the PBX host's IVR_AGENT_SECRET_PREFIX).</summary>
    public string SecretPrefix { get; set; } = "ivr/agents/";

    /// <summary>The local secrets directory, relative to the current directory unless rooted (the PBX host's IVR_AGENT_SECRETS_DIR).</summary>
    public string SecretDirectory { get; set; } = ".cache/agent-secrets";

    /// <summary>The most one Secrets Manager call may take before the admin request answers 503.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);
}
