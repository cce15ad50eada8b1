namespace IvrTools.Tests;

/// <summary>tools/ivr-call refuses what it cannot run in one line with exit 2, before starting anything.</summary>
public sealed class IvrCallCommandLineTests
{
    [Fact]
    public async Task Help_documents_every_call_script_field_and_the_exit_codes()
    {
        var help = await IvrCall.RunAsync("--help");

        help.ExitCode.Should().Be(0);
        // The parser's own list of fields (from its refusal of an unknown one) is what the help must explain.
        var parse = () => IvrEmulators.Sma.CallScript.Parse("""{"zzz": 1}""");
        var refusal = parse.Should().Throw<IvrEmulators.Sma.CallScriptException>().Which.Message;
        var fields = refusal[(refusal.IndexOf("known: ", StringComparison.Ordinal) + 7)..].TrimEnd(')').Split(", ");
        fields.Should().Contain("inputs");
        foreach (var field in fields)
        {
            help.Output.Should().Contain($"\"{field}\"", "--help documents the call script format");
        }

        help.Output.Should().Contain("answered, notAnswered, busy, failed").And.Contain("Enter waits").And.Contain("Exit status");
    }

    [Fact]
    public async Task A_missing_script_file_is_one_line_and_exit_2()
    {
        var run = await IvrCall.RunAsync("--script", "tools/ivr-call/examples/no-such-script.json");

        run.ExitCode.Should().Be(2);
        run.ErrorLines.Should().ContainSingle().Which.Should().Contain("no-such-script.json").And.Contain("not found");
    }

    [Fact]
    public async Task A_script_with_a_wrong_field_is_one_line_naming_it_and_exit_2()
    {
        var script = Path.Combine(Directory.CreateTempSubdirectory("ivr-call-").FullName, "string-inputs.json");
        await File.WriteAllTextAsync(script, """{"caller": "+15555550100", "inputs": "history"}""");

        var run = await IvrCall.RunAsync("--script", script);

        run.ExitCode.Should().Be(2);
        run.ErrorLines.Should().ContainSingle().Which.Should().Contain("'inputs'").And.Contain("array of strings");
        run.Output.Should().BeEmpty("nothing is started for a script that cannot be played");
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("--url")]
    [InlineData("--url", "localhost:5000")]
    [InlineData("--put-session-port", "http")]
    [InlineData("--called", "5555550199")]
    [InlineData("--bot-alias-arn", "arn:aws:lex:us-east-1:111111111111:bot-alias/A/B")]
    public async Task A_wrong_command_line_is_one_line_and_exit_2(params string[] args)
    {
        var run = await IvrCall.RunAsync(args);

        run.ExitCode.Should().Be(2);
        run.ErrorLines.Should().ContainSingle().Which.Should().StartWith("ivr-call: ").And.Contain(args[0]);
    }

    [Fact]
    public async Task An_unreachable_url_is_one_line_and_exit_3()
    {
        var run = await IvrCall.RunAsync("--url", "http://127.0.0.1:9", "--script", "tools/ivr-call/examples/routed.json");

        run.ExitCode.Should().Be(3);
        run.ErrorLines.Should().ContainSingle().Which.Should().Contain("http://127.0.0.1:9/").And.Contain("/healthz");
    }
}

/// <summary>The built tools/ivr-call, run from the repository root.</summary>
internal static class IvrCall
{
    private static readonly string Dll = Path.Combine(
        Repository.Root, "tools", "ivr-call", "bin", AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug", "net10.0", "ivr-call.dll");

    public static Task<ProcessResult> RunAsync(params string[] args) => RunAsync(args, input: null);

    public static Task<ProcessResult> RunAsync(IEnumerable<string> args, string? input) =>
        Repository.RunAsync("dotnet", new[] { Dll }.Concat(args), input: input);
}

/// <summary>The configuration diagnosis reads the failed actions, not the words the caller heard.</summary>
public sealed class CallDiagnosisTests
{
    private const string Bot = "arn:aws:lex:us-east-1:111111111111:bot-alias/EMULBOT001/EMULALIAS1";
    private const string VoiceConnector = "arn:aws:chime:us-east-1:111111111111:vc/ivrcalllocal";

    [Fact]
    public void An_empty_voice_connector_arn_names_the_setting_and_the_value_it_needs()
    {
        var record = new IvrEmulators.Sma.CallRecord();
        record.Exchanges.Add(Failed("CallAndBridge", """{"Endpoints": [{"BridgeEndpointType": "AWS", "Arn": "", "Uri": "600300"}]}"""));
        record.Exchanges.Add(Failed("CallAndBridge", """{"Endpoints": [{"BridgeEndpointType": "AWS", "Arn": "", "Uri": "000000"}]}"""));

        CallDiagnosis.ConfigurationProblems(record, Bot, VoiceConnector).Should().ContainSingle()
            .Which.Should().Contain("Sma:VoiceConnectorArn is ''").And.Contain($"Sma__VoiceConnectorArn={VoiceConnector}");
    }

    [Fact]
    public void A_busy_destination_or_the_right_bot_is_no_configuration_problem()
    {
        var record = new IvrEmulators.Sma.CallRecord();
        record.Exchanges.Add(Failed("CallAndBridge", $$"""{"Endpoints": [{"BridgeEndpointType": "AWS", "Arn": "{{VoiceConnector}}", "Uri": "600300"}]}"""));
        record.Exchanges.Add(Failed("StartBotConversation", $$"""{"BotAliasArn": "{{Bot}}"}"""));
        record.Exchanges.Add(Failed("CallAndBridge", """{"Endpoints": [{"BridgeEndpointType": "PSTN", "Uri": "+15555550199"}]}"""));

        CallDiagnosis.ConfigurationProblems(record, Bot, VoiceConnector).Should().BeEmpty();
    }

    [Fact]
    public void An_empty_bot_alias_names_lex_bot_alias_arn()
    {
        var record = new IvrEmulators.Sma.CallRecord();
        record.Exchanges.Add(Failed("StartBotConversation", """{"BotAliasArn": ""}"""));

        CallDiagnosis.ConfigurationProblems(record, Bot, VoiceConnector).Should().ContainSingle()
            .Which.Should().Contain("Lex:BotAliasArn is ''").And.Contain($"Lex__BotAliasArn={Bot}");
    }

    private static IvrEmulators.Sma.Exchange Failed(string type, string parameters) => new(
        0,
        "sma-event",
        new System.Text.Json.Nodes.JsonObject
        {
            ["InvocationEventType"] = "ACTION_FAILED",
            ["ActionData"] = new System.Text.Json.Nodes.JsonObject { ["Type"] = type, ["Parameters"] = System.Text.Json.Nodes.JsonNode.Parse(parameters), ["ErrorType"] = "InvalidActionParameter" },
        },
        null);
}

/// <summary>`dotnet run --project IvrApi` (its launch profile) points the service at the emulators ivr-call --url plays.</summary>
public sealed class LaunchProfileTests
{
    [Fact]
    public void The_launch_profile_names_the_emulators_bot_voice_connector_and_put_session_port()
    {
        var profile = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Root, "IvrApi", "Properties", "launchSettings.json")))!["profiles"]!["IvrApi"]!;
        var env = profile["environmentVariables"]!.AsObject().ToDictionary(e => e.Key, e => e.Value!.GetValue<string>());

        env["Lex__BotAliasArn"].Should().Be(new IvrEmulators.Lex.LexEmulatorOptions().BotAliasArn);
        env["Sma__VoiceConnectorArn"].Should().Be(Options.VoiceConnectorArn);
        env["AWS_ENDPOINT_URL_LEX_RUNTIME_V2"].Should().Be($"http://127.0.0.1:{Options.DefaultPutSessionPort}");
        env["Lex__PreloadSession"].Should().Be("true", "prefer rules need a preloaded session");
        env.Should().ContainKeys("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION");
        profile["applicationUrl"]!.GetValue<string>().Should().Be("http://localhost:5000", "the README's commands use that port");
    }
}
