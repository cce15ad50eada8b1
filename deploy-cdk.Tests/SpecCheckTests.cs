using System.Diagnostics;
using System.Text.Json.Nodes;

namespace IvrDeploy.Tests;

/// <summary>
/// The synthesized stack, by default and with every documented deploy option, checked offline against AWS's own
/// published specifications by spec-check/check-template.mjs: CloudFormation registry schemas, IAM service
/// authorization data, Lambda runtime dates and the AWS SDK service models of every API call the custom resources make.
/// </summary>
public sealed class SpecCheckTests(DefaultStackFixture fixture) : IClassFixture<DefaultStackFixture>
{
    public static TheoryData<string, string[]> DeployOptions => new()
    {
        { "phone number given, operator route", ["phoneNumber=+12065550123", "operatorService=pstnNumber", "operatorNumber=+12065550199"] },
        { "operator on the voice connector", ["operatorService=voiceConnector", "operatorNumber=+12065550199"] },
        { "local number by area code, released on delete", ["phoneAreaCode=312", "releasePhoneNumberOnDelete=true"] },
        { "local number by state", ["phoneState=WA"] },
        { "other toll-free prefix, voice, retention, instance", ["phoneTollFreePrefix=888", "pollyVoice=Matthew", "pollyEngine=standard", "logRetentionDays=7", "pbxInstanceType=t3.medium", "webAdapterLayerVersion=25"] },
        {
            "hardening opened: plain SIP, tables removed, a released number; agent networks, host name, wider PSTN allow-list",
            ["voiceConnectorEncryption=false", "removeTablesOnDelete=true", "releasePhoneNumberOnDelete=true", "agentCidrs=203.0.113.0/24", "pbxHostName=pbx.example.com", "pstnAllowedPrefixes=+1,+44"]
        },
        {
            "voicemail to an email, retention, queue settings",
            ["voicemailEmail=history-team@example.com", "voicemailRetentionDays=3650", "voicemailMaxSeconds=600", "queueStrategy=linear", "queueMaxWaitSeconds=30"]
        },
        {
            "alarms to an email, every threshold set",
            ["alarmEmail=oncall@example.com", "alarmFallbackSharePercent=20", "alarmFallbackMinCalls=5", "alarmErrorBurst=3", "alarmDurationP99Ms=1500", "alarmDirectoryFailures=2", "alarmBotFailures=5"]
        },
    };

    [Fact]
    public void The_default_stack_meets_every_published_specification() => AssertClean(fixture.Stack.Json);

    [Theory]
    [MemberData(nameof(DeployOptions))]
    public void Every_documented_deploy_option_meets_every_published_specification(string name, string[] context)
    {
        var settings = context.Select(c => c.Split('=', 2)).ToDictionary(kv => kv[0], kv => (object)kv[1]);
        var stack = new SynthesizedStack(IvrDeploy.Departments.Load(Path.Combine(SynthesizedStack.RepositoryRoot, "IvrApi", "departments.json")), settings);
        AssertClean(stack.Json, name);
    }

    [Fact]
    public void Us_west_2_meets_every_published_specification()
    {
        var stack = new SynthesizedStack(IvrDeploy.Departments.Load(Path.Combine(SynthesizedStack.RepositoryRoot, "IvrApi", "departments.json")), region: "us-west-2");
        AssertClean(stack.Json, "us-west-2");
    }

    [Fact]
    public void The_checks_reject_a_camel_cased_data_privacy_a_wildcard_grant_an_old_runtime_and_bad_api_calls()
    {
        var broken = fixture.Stack.Json.DeepClone().AsObject();
        var resources = broken["Resources"]!.AsObject();
        resources.Single(r => r.Value!["Type"]!.GetValue<string>() == "AWS::Lex::Bot").Value!["Properties"]!["DataPrivacy"] =
            new JsonObject { ["childDirected"] = false };
        resources["Broken"] = JsonNode.Parse("""
            {"Type": "AWS::IAM::Policy", "Properties": {"PolicyName": "p", "Roles": ["r"], "PolicyDocument": {"Version": "2012-10-17",
             "Statement": [{"Effect": "Allow", "Action": ["chime:*", "chime:CreateSipRule"], "Resource": "*"}]}}}
            """);
        resources.First(r => r.Value!["Type"]!.GetValue<string>() == "AWS::Lambda::Function"
            && r.Value["Properties"]!["Runtime"]!.GetValue<string>().StartsWith("nodejs", StringComparison.Ordinal)).Value!["Properties"]!["Runtime"] = "nodejs20.x";
        resources.Single(r => r.Value!["Type"]!.GetValue<string>() == "Custom::ChimePhoneNumber").Value!["Properties"]!.AsObject().Remove("TollFreePrefix");
        resources.Single(r => r.Value!["Type"]!.GetValue<string>() == "Custom::ChimeVoiceConnectorOrigination").Value!["Properties"]!["Protocol"] = "SIP";
        resources["BasicLogging"] = JsonNode.Parse("""
            {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
             "Principal": {"Service": "lambda.amazonaws.com"}}]}, "ManagedPolicyArns": ["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"]}}
            """);
        resources.Single(r => r.Value!["Type"]!.GetValue<string>() == "AWS::IAM::ManagedPolicy").Value!["Properties"]!["PolicyDocument"]!["Statement"]![1]!["Condition"] =
            JsonNode.Parse("""{"Bool": {"lambda:InvokedViaUrl": "true"}}""");
        // The voicemail bucket: an Allow with the TLS deny's wildcard, a Deny wildcard that names nothing, and a key
        // policy condition key KMS does not have.
        var bucketPolicy = resources.Single(r => r.Value!["Type"]!.GetValue<string>() == "AWS::S3::BucketPolicy").Value!["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray();
        bucketPolicy[0]!["Effect"] = "Allow";
        bucketPolicy[1]!["Action"] = "s3:Frobnicate*";
        resources.Single(r => r.Value!["Type"]!.GetValue<string>() == "AWS::KMS::Key").Value!["Properties"]!["KeyPolicy"]!["Statement"]![1]!["Condition"] =
            JsonNode.Parse("""{"StringEquals": {"kms:ViaServices": ["s3.us-east-1.amazonaws.com"]}}""");

        var (exitCode, output) = Run(broken);

        exitCode.Should().Be(1, output);
        output.Should().Contain("unknown property childDirected").And.Contain("missing required property ChildDirected")
            .And.Contain("wildcard action chime:*").And.Contain("chime:CreateSipRule on \"*\"")
            .And.Contain("nodejs20.x is deprecated")
            .And.Contain("US searches need at least one of AreaCode, City, State or TollFreePrefix")
            .And.Contain("Origination.Routes[0].Protocol: \"SIP\" is not one of TCP, UDP")
            .And.Contain("service-role/AWSLambdaBasicExecutionRole is not a reviewed AWS managed policy")
            .And.Contain("condition key lambda:InvokedViaUrl does not apply to lambda:InvokeFunction")
            .And.Contain("Statement[0]: wildcard action s3:*").And.Contain("wildcard action s3:Frobnicate* matches no action")
            .And.Contain("condition key kms:ViaServices does not apply to kms:Decrypt");
    }

    private static void AssertClean(JsonObject template, string because = "default")
    {
        var (exitCode, output) = Run(template);
        Console.WriteLine($"spec-check ({because}):\n{output}");
        exitCode.Should().Be(0, output);
        foreach (var check in new[] { "cfn-schema", "iam", "runtimes", "api-calls" })
        {
            output.Should().MatchRegex($"(?m)^{check}: [1-9][0-9]* [a-z]+, 0 errors$", "every check must have run on something");
        }
    }

    private static (int ExitCode, string Output) Run(JsonObject template)
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("spec-check-").FullName, "template.json");
        File.WriteAllText(file, template.ToJsonString());
        var start = new ProcessStartInfo("node", [Path.Combine(SynthesizedStack.RepositoryRoot, "spec-check", "check-template.mjs"), file])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = SynthesizedStack.RepositoryRoot,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
