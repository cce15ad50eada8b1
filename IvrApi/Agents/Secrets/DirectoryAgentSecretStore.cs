using Microsoft.Extensions.Options;

namespace IvrApi.Agents.Secrets;

/// <summary>
/// Agent secrets for the local PBX: one file per agent named after its id, mode 0600, holding the password and no
/// newline (contract 2 of docs/contracts.md, what the PBX host's sync reads from <c>IVR_AGENT_SECRETS_DIR</c>). Written to a temporary
/// file and renamed over the old one, so the sync never reads half a password.
/// </summary>
public sealed class DirectoryAgentSecretStore(IOptions<AgentOptions> options) : IAgentSecretStore
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>A relative setting is taken from the current directory, as the PBX host's tooling takes IVR_AGENT_SECRETS_DIR.</summary>
    public string Folder => Path.GetFullPath(options.Value.SecretDirectory);

    public async Task SetAsync(string agentId, string password, CancellationToken cancellationToken)
    {
        // The PBX host and Lambda are Linux; a file mode is what keeps the password to its owner.
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("Agent secret files need Unix file modes.");
        }

        if (!Directory.Exists(Folder))
        {
            Directory.CreateDirectory(Folder, OwnerOnly | UnixFileMode.UserExecute);
        }

        // A dot file: the sync takes every file named like an agent id, which a dot never starts.
        var temporary = Path.Combine(Folder, $".{agentId}.{Guid.NewGuid():N}");
        try
        {
            var stream = new FileStream(temporary, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnly });
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(password), cancellationToken).ConfigureAwait(false);
            }

            File.Move(temporary, Path.Combine(Folder, agentId), overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public Task DeleteAsync(string agentId, CancellationToken cancellationToken)
    {
        File.Delete(Path.Combine(Folder, agentId));
        return Task.CompletedTask;
    }
}
