using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace IvrTools.Tests;

/// <summary>
/// tools/ivr-call --url against an IvrApi someone started themselves, configured for the emulators as the README's
/// local run is (bot alias, Voice Connector, PutSession on a fixed port), with the admin API on.
/// </summary>
public sealed class IvrCallUrlTests(RunningIvrApi ivrApi) : IClassFixture<RunningIvrApi>
{
    [Fact]
    public async Task A_scripted_call_routes_and_the_transcript_shows_what_the_caller_said()
    {
        var run = await ivrApi.CallAsync(["--script", "tools/ivr-call/examples/routed.json"]);

        run.ExitCode.Should().Be(0, run.All);
        run.Output.Should().Contain("caller says \"history\"").And.Contain("bridges to AWS 600300 [X-LexInfo: history, X-IVR-Language: en]: Answered");
    }

    public static TheoryData<string> Examples() =>
        new(Directory.GetFiles(Path.Combine(Repository.Root, "tools", "ivr-call", "examples"), "*.json").Select(f => Path.GetRelativePath(Repository.Root, f)));

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Every_example_script_plays_within_the_contracts(string script)
    {
        var run = await ivrApi.CallAsync(["--script", script]);

        run.ExitCode.Should().Be(0, run.All);
        run.Output.Should().Contain("END ").And.NotContain("VIOLATION").And.NotContain("dead air");
    }

    [Fact]
    public async Task A_prefer_rule_is_tried_through_the_fixed_put_session_port()
    {
        // A returning student, asked about history first (through a preloaded session), added with the admin API.
        using var http = new HttpClient { BaseAddress = ivrApi.AdminUrl };
        using var body = new StringContent("""{"order": 30, "caller_number": "+15555550122", "action": "prefer", "department": "history"}""", Encoding.UTF8, "application/json");
        (await http.PutAsync("rules/returning-student", body)).IsSuccessStatusCode.Should().BeTrue();

        var run = await ivrApi.CallAsync(["--script", await Script("""{"caller": "+15555550122", "inputs": ["yes"]}""")]);

        run.ExitCode.Should().Be(0, run.All);
        run.Output.Should().Contain("Are you calling about the history department?").And.Contain("bridges to AWS 600300");
    }

    [Fact]
    public async Task An_admin_change_is_seen_by_the_next_call()
    {
        using var http = new HttpClient { BaseAddress = ivrApi.AdminUrl };
        using var body = new StringContent("""{"order": 5, "called_number": "+15555550177", "action": "route", "department": "math"}""", Encoding.UTF8, "application/json");
        (await http.PutAsync("rules/test-hotline", body)).IsSuccessStatusCode.Should().BeTrue();

        var run = await ivrApi.CallAsync(["--script", await Script("""{"caller": "+15555550111", "called": "+15555550177"}""")]);

        run.ExitCode.Should().Be(0, run.All);
        run.Output.Should().Contain("bridges to AWS 600400 [X-LexInfo: math, X-IVR-Language: en]: Answered");
    }

    [Fact]
    public async Task A_call_that_fails_on_configuration_exits_3_naming_the_setting_in_one_line()
    {
        // IvrApi names the emulator's bot; this run plays another one, as a wrong Lex:BotAliasArn would.
        var run = await ivrApi.CallAsync(["--script", "tools/ivr-call/examples/routed.json", "--bot-alias-arn", "arn:aws:lex:us-east-1:111111111111:bot-alias/OTHERBOT01/OTHERALIAS"]);

        run.ExitCode.Should().Be(3, run.All);
        run.Output.Should().Contain("Sorry", "the caller heard the apology");
        run.ErrorLines.Should().ContainSingle(l => l.Contains("Lex:BotAliasArn", StringComparison.Ordinal))
            .Which.Should().Contain("Lex__BotAliasArn=arn:aws:lex:us-east-1:111111111111:bot-alias/OTHERBOT01/OTHERALIAS");
    }

    [Fact]
    public async Task A_call_to_a_spanish_number_is_held_in_spanish_and_the_pbx_is_told()
    {
        // The README's local run answers +15555550199 in Spanish (Routing__SpanishNumbers).
        var run = await ivrApi.CallAsync(["--called", "+15555550199", "--script", await Script("""{"inputs": ["#3"]}""")]);

        run.ExitCode.Should().Be(0, run.All);
        run.Output.Should().Contain("Gracias por llamar.").And.Contain("Le comunico con el departamento de")
            .And.Contain("bridges to AWS 600300 [X-LexInfo: history, X-IVR-Language: es]: Answered");
    }

    [Fact]
    public async Task Inputs_the_call_never_used_are_reported()
    {
        var run = await ivrApi.CallAsync(["--script", await Script("""{"caller": "+15555550111", "inputs": ["hangup", "history"]}""")]);

        run.ExitCode.Should().Be(0, run.All);
        run.Output.Should().Contain("NOTE the call ended before 1 of the script's inputs: says \"history\"");
    }

    [Fact]
    public async Task Interactive_ringing_and_answer_show_as_they_happen_and_enter_waits()
    {
        // Say history, then Enter while it rings, Enter twice with the agent, then hang up.
        var run = await ivrApi.CallAsync([], "history\n\n\n\nhangup\n");

        run.ExitCode.Should().Be(0, run.All);
        var output = run.Output;
        output.Should().Contain("... ringing the Voice Connector, 600300 (X-LexInfo: history, X-IVR-Language: en)");
        output.Should().Contain("caller (ringing: Enter waits, `hangup` leaves)> ");
        output.Should().Contain("... 600300: answered");
        output.IndexOf("... 600300: answered", StringComparison.Ordinal).Should().BeLessThan(
            output.IndexOf("caller (with the agent: Enter waits, `hangup` leaves)> ", StringComparison.Ordinal), "the answer is shown before the caller is asked again");
        output.Should().Contain("caller hangs up").And.Contain("END  caller hung up (bridged to 600300)");
    }

    private static async Task<string> Script(string json)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("ivr-call-").FullName, "script.json");
        await File.WriteAllTextAsync(path, json);
        return path;
    }
}

/// <summary>An IvrApi started once for the class, as an operator would for tools/ivr-call --url.</summary>
public sealed class RunningIvrApi : IAsyncLifetime
{
    private readonly int putSessionPort = FreePort();
    private Process? process;

    public Uri BaseUrl { get; } = new($"http://127.0.0.1:{FreePort()}/");

    /// <summary>The admin API's own loopback listener (Admin:LoopbackPort).</summary>
    public Uri AdminUrl { get; } = new($"http://127.0.0.1:{FreePort()}/");

    public Task<ProcessResult> CallAsync(string[] args, string? input = null) =>
        IvrCall.RunAsync(["--url", BaseUrl.ToString(), "--put-session-port", putSessionPort.ToString(System.Globalization.CultureInfo.InvariantCulture), .. args], input);

    public async Task InitializeAsync()
    {
        var start = new ProcessStartInfo("dotnet", ["run", "--project", "IvrApi", "--no-launch-profile"])
        {
            WorkingDirectory = Repository.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_URLS"] = BaseUrl.ToString();
        start.Environment["Lex__BotAliasArn"] = new IvrEmulators.Lex.LexEmulatorOptions().BotAliasArn;
        start.Environment["Lex__PreloadSession"] = "true";
        start.Environment["Lex__PreloadTimeout"] = "00:00:02";
        start.Environment["Sma__VoiceConnectorArn"] = "arn:aws:chime:us-east-1:111111111111:vc/ivrcalllocal";
        start.Environment["AWS_ENDPOINT_URL_LEX_RUNTIME_V2"] = $"http://127.0.0.1:{putSessionPort}";
        start.Environment["AWS_ACCESS_KEY_ID"] = "local";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "local";
        start.Environment["AWS_REGION"] = "us-east-1";
        start.Environment["Admin__Enabled"] = "true";
        start.Environment["Routing__SpanishNumbers"] = "+15555550199";
        start.Environment["Admin__LoopbackPort"] = AdminUrl.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["DOTNET_NOLOGO"] = "1";
        process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        for (var i = 0; i < 360; i++)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException("IvrApi exited:\n" + output);
            }

            try
            {
                if ((await http.GetAsync(new Uri(BaseUrl, "healthz"))).IsSuccessStatusCode)
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

        throw new TimeoutException("IvrApi did not start:\n" + output);
    }

    public Task DisposeAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }

        process?.Dispose();
        return Task.CompletedTask;
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
