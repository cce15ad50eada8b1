using System.Diagnostics;
using System.Text;

namespace IvrTools.Tests;

/// <summary>The repository this test run belongs to, and a way to run a command in it.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>Runs <paramref name="file"/> with <paramref name="args"/> from the repository root; stdin from <paramref name="input"/>.</summary>
    public static async Task<ProcessResult> RunAsync(
        string file, IEnumerable<string> args, IDictionary<string, string>? environment = null, string? input = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(file, args)
        {
            WorkingDirectory = Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
        }

        process.StandardInput.Close();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish:\n{await output}\n{await errors}");
        }

        return new ProcessResult(process.ExitCode, await output, await errors);
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "IvrApi.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException("No IvrApi.slnx above the test assembly.");
    }
}

public sealed record ProcessResult(int ExitCode, string Output, string Errors)
{
    public string All => new StringBuilder(Output).Append('\n').Append(Errors).ToString();

    /// <summary>The non-empty lines of standard error.</summary>
    public IReadOnlyList<string> ErrorLines => Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
