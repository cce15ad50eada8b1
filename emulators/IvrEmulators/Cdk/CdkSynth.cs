using System.Diagnostics;

namespace IvrEmulators.Cdk;

/// <summary>
/// Synthesizes deploy-cdk the way deploy-cdk/ci.sh does (no AWS credentials, account 111111111111, us-east-1), so the
/// emulators load the bot definition <c>cdk deploy</c> would ship.
/// </summary>
public static class CdkSynth
{
    public const string TemplateName = "IvrCallRouter.template.json";

    /// <summary>Runs <c>dotnet run --project deploy-cdk</c> with CDK_OUTDIR=<paramref name="outDir"/>; returns the template path.</summary>
    public static async Task<string> SynthesizeAsync(string repositoryRoot, string outDir, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(outDir);
        var start = new ProcessStartInfo("dotnet", ["run", "--project", Path.Combine(repositoryRoot, "deploy-cdk")])
        {
            WorkingDirectory = repositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var name in new[] { "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE" })
        {
            start.Environment.Remove(name);
        }

        start.Environment["AWS_CONFIG_FILE"] = "/dev/null";
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        start.Environment["CDK_DEFAULT_ACCOUNT"] = "111111111111";
        start.Environment["CDK_DEFAULT_REGION"] = "us-east-1";
        start.Environment["CDK_OUTDIR"] = outDir;
        start.Environment["JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet could not be started.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        var template = Path.Combine(outDir, TemplateName);
        if (process.ExitCode != 0 || !File.Exists(template))
        {
            throw new InvalidOperationException(
                $"deploy-cdk synthesis failed (exit {process.ExitCode}):\n{await output.ConfigureAwait(false)}\n{await errors.ConfigureAwait(false)}");
        }

        return template;
    }

    /// <summary>The directory holding IvrApi.slnx, from <paramref name="start"/> upwards.</summary>
    public static string FindRepositoryRoot(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "IvrApi.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No IvrApi.slnx above {start}.");
    }
}
