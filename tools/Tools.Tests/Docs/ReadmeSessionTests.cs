using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace IvrTools.Tests.Docs;

/// <summary>
/// The root README's service commands run as written, in the order a new user would: the service started as
/// "Try your own service in a whole call" says, the recorded events of "The two commands" (and the answer the README
/// quotes), the admin change and the call that sees it, then the route admin API examples. Only the ports move to
/// free ones (5000 and 5010 may be taken on a shared machine).
/// </summary>
public sealed partial class ReadmeSessionTests
{
    private static readonly string Root = Repository.Root;

    [Fact]
    public async Task The_readme_session_runs_as_documented()
    {
        // The code blocks, as a reader copies them (inline mentions in the prose are not steps).
        var commands = ReadmeCommands.Extract(Root, "README.md").Where(c => c.Block >= 0).ToList();
        var session = commands.Where(c => c.Section == "Try your own service in a whole call").ToList();
        session.Should().HaveCountGreaterThanOrEqualTo(3, "the section starts the service, changes a route and calls");
        var apiPort = FreePort();
        var putSessionPort = FreePort();
        var adminPort = FreePort();
        string Ported(string text) => text
            .Replace("localhost:5000", $"127.0.0.1:{apiPort}", StringComparison.Ordinal)
            .Replace("127.0.0.1:5010", $"127.0.0.1:{putSessionPort}", StringComparison.Ordinal)
            .Replace("127.0.0.1:5001", $"127.0.0.1:{adminPort}", StringComparison.Ordinal);

        using var service = StartService(session[0].Text, apiPort, adminPort, Ported);
        await service.WaitHealthyAsync(new Uri($"http://127.0.0.1:{apiPort}/"));

        // The two commands: every recorded event answers, and the second answers as the README says.
        var readme = await File.ReadAllTextAsync(Path.Combine(Root, "README.md"));
        var curls = commands.Where(c => c.Section == "The two commands" && c.Text.StartsWith("curl", StringComparison.Ordinal)).ToList();
        curls.Should().HaveCountGreaterThanOrEqualTo(5);
        var answers = new List<string>();
        foreach (var curl in curls)
        {
            var run = await Bash(Ported(curl.Text).Replace("curl -s", "curl -fsS", StringComparison.Ordinal));
            run.ExitCode.Should().Be(0, $"{curl}: {run.All}");
            answers.Add(run.Output);
        }

        var quoted = SecondAnswer().Match(readme);
        quoted.Success.Should().BeTrue("the README says what the second recorded event answers");
        answers[1].Should().Contain($"\"Text\":\"{quoted.Groups[1].Value}\"").And.Contain("\"Uri\":\"600300\"").And.Contain("\"X-LexInfo\":\"history\"");

        // An admin change, then a call through --url that sees it, as the README shows (its expected line included).
        foreach (var command in session.Skip(1))
        {
            var text = Ported(command.Text);
            if (text.Contains("tools/ivr-call", StringComparison.Ordinal))
            {
                text += $" --put-session-port {putSessionPort}";
            }

            var run = await Bash(text);
            run.ExitCode.Should().Be(0, $"{command}: {run.All}");
            var expected = ExpectedLine(readme, command);
            if (expected is not null)
            {
                run.Output.Should().Contain(expected, $"the README shows it after {command.Text}");
            }
        }

        // The route admin API examples, in order, each answered with success.
        var admin = commands.Where(c => c.Section.StartsWith("Route admin API", StringComparison.Ordinal)).Skip(1).ToList();
        admin.Should().HaveCountGreaterThanOrEqualTo(8);
        var script = string.Join("\n", admin.Select(c => Ported(c.Text).Replace("curl ", "curl -fsS -o /dev/null ", StringComparison.Ordinal)));
        var adminRun = await Bash("set -e\n" + script);
        adminRun.ExitCode.Should().Be(0, script + "\n" + adminRun.All);
    }

    /// <summary>The README's "# … expected output" line right after a command in its block, if any.</summary>
    private static string? ExpectedLine(string readme, ReadmeCommand command)
    {
        var lines = readme.Split('\n');
        return command.Line < lines.Length && lines[command.Line].Trim() is var next && next.StartsWith("# … ", StringComparison.Ordinal) ? next["# … ".Length..] : null;
    }

    private static Task<ProcessResult> Bash(string script) => Repository.RunAsync("bash", ["-c", script]);

    private static ServiceProcess StartService(string command, int port, int adminPort, Func<string, string> ported)
    {
        // VAR=value ... dotnet run --project IvrApi: dotnet run applies the launch profile's variables (which replace
        // the caller's), then the command's. Here the same, done by hand so the profile's ports can move.
        var words = ReadmeCommands.SimpleCommands(command).Single();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true };
        var profile = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(Root, "IvrApi", "Properties", "launchSettings.json")))!["profiles"]!["IvrApi"]!;
        foreach (var (name, value) in profile["environmentVariables"]!.AsObject())
        {
            start.Environment[name] = ported(value!.GetValue<string>());
        }

        foreach (var word in words)
        {
            if (ReadmeCommands.EnvAssignment().IsMatch(word) && start.ArgumentList.Count == 0)
            {
                var (name, value) = (word.Split('=', 2)[0], word.Split('=', 2)[1]);
                start.Environment[name] = value;
            }
            else if (word != "dotnet")
            {
                start.ArgumentList.Add(word);
            }
        }

        start.ArgumentList.Should().StartWith(["run", "--project", "IvrApi"]);
        start.ArgumentList.Add("--no-launch-profile");
        start.Environment["Admin__LoopbackPort"] = adminPort.ToString(CultureInfo.InvariantCulture);
        // Another port, the way the README says.
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        return new ServiceProcess(Process.Start(start)!);
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    [GeneratedRegex("""The second answers with a `Speak` \("([^"]+)"\)""")]
    private static partial Regex SecondAnswer();

    private sealed class ServiceProcess : IDisposable
    {
        private readonly Process process;
        private readonly StringBuilder output = new();

        public ServiceProcess(Process process)
        {
            this.process = process;
            process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
            process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public async Task WaitHealthyAsync(Uri baseUrl)
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            for (var i = 0; i < 360; i++)
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException("the service exited:\n" + output);
                }

                try
                {
                    if ((await http.GetAsync(new Uri(baseUrl, "healthz"))).IsSuccessStatusCode)
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                }
                catch (TaskCanceledException)
                {
                }

                await Task.Delay(500);
            }

            throw new TimeoutException("the service did not start:\n" + output);
        }

        public void Dispose()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }

            process.Dispose();
        }
    }
}
