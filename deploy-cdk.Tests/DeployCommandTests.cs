using System.Diagnostics;
using System.Text.Json.Nodes;

namespace IvrDeploy.Tests;

/// <summary>
/// The commands an operator runs: the app itself (settings and region refused in one line, the output folder and a
/// placeholder package announced), the pinned CDK CLI's region switch, and deploy.sh's spec-check before any deploy.
/// </summary>
public sealed class DeployCommandTests(DefaultStackFixture fixture) : IClassFixture<DefaultStackFixture>
{
    private static readonly string Root = SynthesizedStack.RepositoryRoot;

    [Fact]
    public async Task Bad_settings_stop_the_app_with_one_line_each_and_exit_1()
    {
        var run = await RunAsync("dotnet", [AppDll], new()
        {
            ["CDK_CONTEXT_JSON"] = """{"phoneNumber": "12345", "phoneTollFreePrefix": "123", "alarmEmail": "not-an-email"}""",
            ["CDK_OUTDIR"] = Temp(),
        });

        run.ExitCode.Should().Be(1, run.Errors);
        Lines(run.Errors, "deploy-cdk: ").Should().BeEquivalentTo(
            "deploy-cdk: -c phoneNumber=12345: expected an E.164 number, + and country code, e.g. +12065550100",
            "deploy-cdk: -c phoneTollFreePrefix=123: expected one of 800, 833, 844, 855, 866, 877, 888",
            "deploy-cdk: -c alarmEmail=not-an-email: expected an email address, e.g. ops@example.com");
        run.Errors.Should().NotContain("Exception").And.NotContain("   at ");
    }

    [Fact]
    public async Task An_unsupported_region_stops_the_app_in_one_line()
    {
        var run = await RunAsync("dotnet", [AppDll], new() { ["CDK_DEFAULT_REGION"] = null, ["AWS_REGION"] = "eu-west-1", ["CDK_OUTDIR"] = Temp() });

        run.ExitCode.Should().Be(1);
        Lines(run.Errors, "deploy-cdk: ").Should().ContainSingle().Which.Should().Contain("eu-west-1").And.Contain("us-east-1 or us-west-2");
        run.Errors.Should().NotContain("   at ");
    }

    [Fact]
    public async Task Without_cdk_outdir_the_app_writes_cdk_out_says_where_and_warns_of_the_placeholder_package()
    {
        var run = await RunAsync("dotnet", [AppDll], new() { ["CDK_OUTDIR"] = null, ["CDK_DEFAULT_REGION"] = null, ["AWS_REGION"] = "us-west-2" });

        run.ExitCode.Should().Be(0, run.Errors);
        var outdir = Path.Combine(Root, "cdk.out");
        run.Errors.Should().Contain($"deploy-cdk: synthesized IvrCallRouter (us-west-2) into {outdir}");
        var template = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(outdir, "IvrCallRouter.template.json")))!;
        template["Outputs"]!["PbxSessionCommand"]!.ToJsonString().Should().Contain("--region us-west-2");
        if (!File.Exists(Path.Combine(Root, "artifacts", "lambda", "ivr-api.zip")))
        {
            run.Errors.Should().Contain("deploy-cdk: warning: IvrApi is the placeholder bootstrap");
        }
    }

    [Fact]
    public async Task Aws_region_switches_the_region_through_the_pinned_cli()
    {
        // The CLI sets CDK_DEFAULT_REGION itself from AWS_REGION (an exported CDK_DEFAULT_REGION would be replaced).
        var outdir = Temp();
        var run = await RunAsync("npx", ["aws-cdk", "synth", "--quiet", "--no-notices", "--output", outdir], new()
        {
            ["AWS_REGION"] = "us-west-2",
            ["CDK_DEFAULT_REGION"] = null,
            ["AWS_ACCESS_KEY_ID"] = null, ["AWS_SECRET_ACCESS_KEY"] = null, ["AWS_SESSION_TOKEN"] = null, ["AWS_PROFILE"] = null,
            ["AWS_CONFIG_FILE"] = "/dev/null", ["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null", ["AWS_EC2_METADATA_DISABLED"] = "true",
        });

        run.ExitCode.Should().Be(0, run.Output + run.Errors);
        var template = await File.ReadAllTextAsync(Path.Combine(outdir, "IvrCallRouter.template.json"));
        template.Should().Contain("--region us-west-2").And.NotContain("us-east-1");
    }

    [Fact]
    public async Task Deploy_runs_spec_check_and_deploys_exactly_the_checked_template()
    {
        var stubs = Stubs(fixture.Stack.Json);

        var run = await RunAsync("bash", ["deploy-cdk/deploy.sh", "-c", $"lambdaZip={stubs.Zip}"], stubs.Environment);

        run.ExitCode.Should().Be(0, run.Output + run.Errors);
        run.Output.Should().MatchRegex("(?m)^cfn-schema: [0-9]+ resources, 0 errors$");
        var calls = await File.ReadAllLinesAsync(stubs.Log);
        calls.Should().HaveCount(2);
        calls[0].Should().StartWith("aws-cdk synth");
        calls[1].Should().StartWith($"aws-cdk deploy --app {Path.Combine(Root, "artifacts", "deploy", "cdk.out")} ");
    }

    [Fact]
    public async Task Deploy_stops_before_deploying_a_template_spec_check_refuses()
    {
        var broken = fixture.Stack.Json.DeepClone().AsObject();
        broken["Resources"]!["Broken"] = JsonNode.Parse("""
            {"Type": "AWS::IAM::Policy", "Properties": {"PolicyName": "p", "Roles": ["r"], "PolicyDocument": {"Version": "2012-10-17",
             "Statement": [{"Effect": "Allow", "Action": "dynamodb:*", "Resource": "*"}]}}}
            """);
        var stubs = Stubs(broken);

        var run = await RunAsync("bash", ["deploy-cdk/deploy.sh", "-c", $"lambdaZip={stubs.Zip}"], stubs.Environment);

        run.ExitCode.Should().NotBe(0);
        run.Errors.Should().Contain("nothing was deployed");
        (await File.ReadAllLinesAsync(stubs.Log)).Should().ContainSingle().Which.Should().StartWith("aws-cdk synth");
    }

    private static string AppDll => Path.Combine(AppContext.BaseDirectory, "IvrDeploy.dll");

    private static string Temp() => Directory.CreateTempSubdirectory("deploy-cdk-").FullName;

    private static IEnumerable<string> Lines(string text, string prefix) =>
        text.Split('\n', StringSplitOptions.TrimEntries).Where(l => l.StartsWith(prefix, StringComparison.Ordinal));

    /// <summary>npx and npm stand-ins: synth writes <paramref name="template"/>, every npx call is logged, nothing reaches AWS.</summary>
    private static (string Zip, string Log, Dictionary<string, string?> Environment) Stubs(JsonObject template)
    {
        var dir = Temp();
        var zip = Path.Combine(dir, "ivr-api.zip");
        File.WriteAllBytes(zip, [0x50, 0x4B, 0x05, 0x06, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        var templateFile = Path.Combine(dir, "template.json");
        File.WriteAllText(templateFile, template.ToJsonString());
        var log = Path.Combine(dir, "npx.log");
        File.WriteAllText(log, "");
        var bin = Directory.CreateDirectory(Path.Combine(dir, "bin")).FullName;
        File.WriteAllText(Path.Combine(bin, "npx"), $$"""
            #!/usr/bin/env bash
            echo "$*" >> {{log}}
            if [ "$2" = synth ]; then
              while [ $# -gt 0 ]; do [ "$1" = --output ] && out=$2; shift; done
              mkdir -p "$out" && cp {{templateFile}} "$out/IvrCallRouter.template.json"
            fi
            """);
        File.WriteAllText(Path.Combine(bin, "npm"), "#!/usr/bin/env bash\nexit 0\n");
        foreach (var stub in new[] { "npx", "npm" })
        {
#pragma warning disable CA1416 // deploy.sh runs on Linux (bash), as do these tests.
            File.SetUnixFileMode(Path.Combine(bin, stub), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
#pragma warning restore CA1416
        }

        return (zip, log, new() { ["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH") });
    }

    private static async Task<(int ExitCode, string Output, string Errors)> RunAsync(string file, string[] args, Dictionary<string, string?> environment)
    {
        var start = new ProcessStartInfo(file, args) { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION"] = "1";
        start.Environment["CDK_DISABLE_CLI_TELEMETRY"] = "true";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(8));
        return (process.ExitCode, await output, await errors);
    }
}
