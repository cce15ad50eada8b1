using System.Text.RegularExpressions;
using Amazon.CDK;

namespace IvrDeploy.Tests;

/// <summary>A deploy setting that would synthesize but deploy wrongly is refused at synthesis: one line each, naming it and its form.</summary>
public sealed partial class DeploySettingsValidationTests
{
    [Theory]
    [InlineData("phoneNumber", "12345", "E.164")]
    [InlineData("phoneNumber", "+1 206 555 0100", "E.164")]
    [InlineData("phoneTollFreePrefix", "123", "800, 833, 844, 855, 866, 877, 888")]
    [InlineData("phoneAreaCode", "31", "3-digit")]
    [InlineData("phoneState", "Washington", "2-letter")]
    [InlineData("phoneCountry", "USA", "2-letter")]
    [InlineData("alarmEmail", "not-an-email", "email address")]
    [InlineData("releasePhoneNumberOnDelete", "yes", "true or false")]
    [InlineData("logRetentionDays", "10", "one of 1, 3, 5, 7, 14, 30")]
    [InlineData("logRetentionDays", "thirty", "one of")]
    [InlineData("webAdapterLayerVersion", "latest", "positive whole number")]
    [InlineData("pollyEngine", "Neural", "standard, neural, long-form or generative")]
    [InlineData("pbxInstanceType", "small", "t3.small")]
    [InlineData("alarmFallbackSharePercent", "150", "at most 100")]
    [InlineData("alarmDurationP99Ms", "20000", "1 to 10000")]
    [InlineData("alarmBotFailures", "0", "at least 1")]
    [InlineData("stackName", "1-stack", "CloudFormation stack name")]
    [InlineData("lambdaZip", "artifacts/lambda/no-such.zip", "existing zip")]
    [InlineData("voiceConnectorEncryption", "no", "true or false")]
    [InlineData("pbxHostName", "PBX.Example.com", "lower-case DNS name")]
    [InlineData("agentCidrs", "203.0.113.0/24,10.0.0.1/8", "IPv4 networks")]
    [InlineData("pstnAllowedPrefixes", "+1,44", "E.164 prefixes")]
    [InlineData("removeTablesOnDelete", "yes", "true or false")]
    [InlineData("voicemailRetentionDays", "0", "1 to 3650")]
    [InlineData("voicemailEmail", "team", "email address")]
    [InlineData("voicemailMaxSeconds", "1200", "10 to 600")]
    [InlineData("queueStrategy", "roundrobin", "one of ringall, leastrecent, fewestcalls, random, rrmemory, rrordered, linear, wrandom")]
    [InlineData("queueMaxWaitSeconds", "10", "30 to 3600")]
    [InlineData("queueLanguageWaitSeconds", "-1", "0 to 600")]
    public void A_bad_setting_is_one_line_naming_it_and_the_expected_form(string key, string value, string expected)
    {
        var problems = Problems(new() { [key] = value });

        problems.Should().ContainSingle().Which.Should().StartWith($"-c {key}={value}: expected ").And.Contain(expected);
    }

    [Fact]
    public void Every_bad_setting_is_reported_at_once()
    {
        var problems = Problems(new() { ["phoneNumber"] = "12345", ["phoneTollFreePrefix"] = "123", ["alarmEmail"] = "not-an-email" });

        problems.Should().HaveCount(3);
        problems.Should().OnlyContain(p => !p.Contains('\n', StringComparison.Ordinal));
    }

    [Fact]
    public void A_misspelt_setting_is_refused_with_the_one_meant()
    {
        var node = new App(new AppProps { Context = new Dictionary<string, object> { ["phonenumber"] = "+12065550100" } }).Node;

        var act = () => DeploySettingsValidation.ThrowIfInvalid(node, SynthesizedStack.RepositoryRoot, ["phonenumber", "aws:cdk:enable-path-metadata", "@aws-cdk/core:newStyleStackSynthesis"]);

        act.Should().Throw<DeploySettingsException>().Which.Problems.Should().Equal("-c phonenumber: not a deploy setting; did you mean phoneNumber?");
    }

    [Theory]
    [InlineData("operatorService=pstnNumber", "both or neither")]
    [InlineData("operatorNumber=+12065550199", "both or neither")]
    [InlineData("operatorService=pstnNumber,operatorNumber=600300", "E.164 number for a pstnNumber operator")]
    [InlineData("phoneNumber=+12065550100,phoneAreaCode=312", "expected alone")]
    public void Settings_that_only_make_sense_together_are_checked_together(string context, string expected)
    {
        var settings = context.Split(',').Select(c => c.Split('=', 2)).ToDictionary(kv => kv[0], kv => (object)kv[1]);

        Problems(settings).Should().ContainSingle().Which.Should().Contain(expected);
    }

    [Fact]
    public void The_documented_settings_are_valid()
    {
        Problems(new()
        {
            ["phoneNumber"] = "+12065550100", ["phoneTollFreePrefix"] = "888", ["operatorService"] = "voiceConnector", ["operatorNumber"] = "000000",
            ["pollyVoice"] = "Matthew", ["pollyEngine"] = "standard", ["logRetentionDays"] = "7", ["pbxInstanceType"] = "t3.medium",
            ["alarmEmail"] = "oncall@example.com", ["alarmFallbackSharePercent"] = "12.5", ["stackName"] = "IvrCallRouter-Test",
            ["releasePhoneNumberOnDelete"] = "true", ["webAdapterLayerVersion"] = "25",
            ["voicemailRetentionDays"] = "30", ["voicemailEmail"] = "history-team@example.com", ["voicemailMaxSeconds"] = "180",
            ["queueStrategy"] = "ringall", ["queueMaxWaitSeconds"] = "3600", ["queueLanguageWaitSeconds"] = "0",
        }).Should().BeEmpty();
    }

    [Fact]
    public void Every_setting_the_stack_reads_is_validated()
    {
        // DeploySettings.FromContext reads each setting with Get("key"); a new one must get a rule here too.
        var source = File.ReadAllText(Path.Combine(SynthesizedStack.RepositoryRoot, "deploy-cdk", "DeploySettings.cs"))
            + File.ReadAllText(Path.Combine(SynthesizedStack.RepositoryRoot, "deploy-cdk", "Program.cs"));
        var read = ContextKeys().Matches(source).Select(m => m.Groups[1].Value).Distinct().ToList();

        read.Should().Contain("phoneNumber").And.Contain("stackName");
        DeploySettingsValidation.Rules.Keys.Should().Contain(read);
    }

    [Fact]
    public void Every_setting_is_documented_in_the_readme()
    {
        var readme = File.ReadAllText(Path.Combine(SynthesizedStack.RepositoryRoot, "deploy-cdk", "README.md"));

        DeploySettingsValidation.Rules.Keys.Where(k => !readme.Contains($"`{k}`", StringComparison.Ordinal))
            .Should().BeEmpty("an operator learns the -c settings from deploy-cdk/README.md");
    }

    [Theory]
    [InlineData("eu-west-1", null, "eu-west-1")]
    [InlineData(null, "ap-southeast-2", "ap-southeast-2")]
    public void An_unsupported_region_is_one_line_naming_the_allowed_ones(string? cdkDefault, string? awsRegion, string named)
    {
        var env = new Dictionary<string, string?> { ["CDK_DEFAULT_REGION"] = cdkDefault, ["AWS_REGION"] = awsRegion };

        var act = () => DeploySettingsValidation.Region(k => env.GetValueOrDefault(k));

        act.Should().Throw<DeploySettingsException>().Which.Problems.Should().ContainSingle()
            .Which.Should().Contain($"region {named}").And.Contain("us-east-1 or us-west-2").And.Contain("AWS_REGION");
    }

    [Theory]
    [InlineData(null, null, "us-east-1")]
    [InlineData(null, "us-west-2", "us-west-2")]
    [InlineData("us-west-2", "us-east-1", "us-west-2")]
    public void The_region_is_the_clis_else_aws_region_else_us_east_1(string? cdkDefault, string? awsRegion, string expected)
    {
        var env = new Dictionary<string, string?> { ["CDK_DEFAULT_REGION"] = cdkDefault, ["AWS_REGION"] = awsRegion };

        DeploySettingsValidation.Region(k => env.GetValueOrDefault(k)).Should().Be(expected);
    }

    private static IReadOnlyList<string> Problems(Dictionary<string, object> context)
    {
        var node = new App(new AppProps { Context = context }).Node;
        try
        {
            DeploySettingsValidation.ThrowIfInvalid(node, SynthesizedStack.RepositoryRoot, context.Keys);
            return [];
        }
        catch (DeploySettingsException e)
        {
            return e.Problems;
        }
    }

    [GeneratedRegex("""(?:Get|TryGetContext)\("([A-Za-z0-9]+)"\)""")]
    private static partial Regex ContextKeys();
}
