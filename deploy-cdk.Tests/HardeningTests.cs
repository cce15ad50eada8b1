using System.Text.Json.Nodes;

namespace IvrDeploy.Tests;

/// <summary>
/// Issue 19's deploy-side holes, each checked on the synthesized template: the admin's invoke permission, the PSTN
/// allow-list, the encrypted Voice Connector link, the agents' port, template hygiene and least-privilege logging.
/// </summary>
public sealed class HardeningTests(DefaultStackFixture fixture) : IClassFixture<DefaultStackFixture>
{
    private readonly SynthesizedStack _s = fixture.Stack;

    [Fact]
    public void The_spanish_numbers_and_the_language_offer_reach_the_call_path_function_only_when_set()
    {
        Env(_s, "IvrCallRouter-IvrApi").Should().NotContainKey("Routing__SpanishNumbers").And.NotContainKey("Routing__OfferLanguageChoice");
        var spanish = With("spanishNumbers=+12065550123,+12065550124", "offerLanguageChoice=true");
        Env(spanish, "IvrCallRouter-IvrApi").Should().Contain("Routing__SpanishNumbers", "+12065550123,+12065550124")
            .And.Contain("Routing__OfferLanguageChoice", "true");
    }

    private static SynthesizedStack With(params string[] context) => new(
        IvrDeploy.Departments.Load(Path.Combine(SynthesizedStack.RepositoryRoot, "IvrApi", "departments.json")),
        context.Select(c => c.Split('=', 2)).ToDictionary(kv => kv[0], kv => (object)kv[1]));

    private static string Id(SynthesizedStack s, string type, string prefix) =>
        s.Resources(type).Select(r => r.Id).Should().ContainSingle(id => id.StartsWith(prefix, StringComparison.Ordinal)).Subject;

    private static List<string> Ingress(SynthesizedStack s) => s.Props("AWS::EC2::SecurityGroup")["SecurityGroupIngress"]!.AsArray()
        .Select(r => $"{r!["IpProtocol"]} {r["FromPort"]}-{r["ToPort"]} from {r["CidrIp"]}").ToList();

    private static Dictionary<string, string> Env(SynthesizedStack s, string functionName) => s.Resources("AWS::Lambda::Function")
        .Select(f => f.Resource["Properties"]!).Single(f => f["FunctionName"]?.GetValue<string>() == functionName)["Environment"]!["Variables"]!
        .AsObject().ToDictionary(p => p.Key, p => Cfn.Text(p.Value));

    private static List<string> Exports(SynthesizedStack s) => Cfn.Text(s.Props("AWS::EC2::Instance")["UserData"]).Split('\n')
        .Where(l => l.StartsWith("export IVR_", StringComparison.Ordinal)).ToList();

    // Item 1: an admin may invoke the admin function only through its Function URL, never directly with a forged context.
    [Fact]
    public void The_admin_policy_grants_invoke_only_through_the_function_url()
    {
        var policy = _s.Single("AWS::IAM::ManagedPolicy");
        var alias = "${" + Id(_s, "AWS::Lambda::Alias", "AdminApiFunctionLive") + "}";
        var statements = Cfn.Statements(policy["Properties"]!["PolicyDocument"]).ToList();
        statements.Select(st => (Action: Cfn.Text(st["Action"]), Resource: Cfn.Text(st["Resource"]), Condition: st["Condition"]!.ToJsonString()))
            .Should().BeEquivalentTo(new[]
            {
                (Action: "lambda:InvokeFunctionUrl", Resource: alias, Condition: """{"StringEquals":{"lambda:FunctionUrlAuthType":"AWS_IAM"}}"""),
                (Action: "lambda:InvokeFunction", Resource: alias, Condition: """{"Bool":{"lambda:InvokedViaFunctionUrl":"true"}}"""),
            });
        Cfn.Text(_s.Json["Outputs"]!["AdminPolicyArn"]!["Value"]).Should().Be("${" + Id(_s, "AWS::IAM::ManagedPolicy", "AdminApiAccessPolicy") + "}");
        // Nothing else in the stack lets anyone invoke the admin function.
        _s.Resources("AWS::Lambda::Permission").Should().NotContain(p => Cfn.Text(p.Resource["Properties"]!["FunctionName"]).Contains("AdminApi", StringComparison.Ordinal));
    }

    // Item 12: what the documentation tells an administrator is what the stack grants.
    [Theory]
    [InlineData("README.md")]
    [InlineData("deploy-cdk/README.md")]
    public void The_readmes_name_both_invoke_permissions_an_admin_needs_and_the_condition_on_direct_invocation(string readme)
    {
        var text = File.ReadAllText(Path.Combine(SynthesizedStack.RepositoryRoot, readme));
        var statements = Cfn.Statements(_s.Single("AWS::IAM::ManagedPolicy")["Properties"]!["PolicyDocument"]).ToList();
        foreach (var statement in statements)
        {
            text.Should().Contain($"`{Cfn.Text(statement["Action"])}`", readme);
            foreach (var (_, keys) in statement["Condition"]!.AsObject())
            {
                foreach (var (key, value) in keys!.AsObject())
                {
                    text.Should().Contain(key, readme);
                }
            }
        }

        text.Should().Contain("AdminPolicyArn").And.Contain("https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html");
    }

    // Item 3 (deploy part): the toll-fraud guard of both functions is what the stack says, not a default left implicit.
    [Fact]
    public void Both_functions_get_the_pstn_allow_list_explicitly()
    {
        Env(_s, "IvrCallRouter-IvrApi").Should().Contain("Routing__PstnAllowedPrefixes", "+1");
        Env(_s, "IvrCallRouter-IvrApiAdmin").Should().Contain("Routing__PstnAllowedPrefixes", "+1");
        var wider = With("pstnAllowedPrefixes=+1,+44");
        Env(wider, "IvrCallRouter-IvrApi").Should().Contain("Routing__PstnAllowedPrefixes", "+1,+44");
        Env(wider, "IvrCallRouter-IvrApiAdmin").Should().Contain("Routing__PstnAllowedPrefixes", "+1,+44");
    }

    // Item 4: TLS signalling and SRTP media to the PBX; nothing on UDP/TCP 5060; RTP of that leg from its media ranges.
    [Fact]
    public void The_voice_connector_requires_encryption_and_reaches_the_pbx_over_tls_only()
    {
        _s.Props("Custom::ChimeVoiceConnector")["RequireEncryption"]!.GetValue<string>().Should().Be("true");
        var origination = _s.Props("Custom::ChimeVoiceConnectorOrigination");
        origination["Port"]!.GetValue<string>().Should().Be("5061");
        origination["Protocol"]!.GetValue<string>().Should().Be("TCP", "a route's protocol is TCP when encryption is on");
        var ingress = Ingress(_s);
        ingress.Should().Contain("tcp 5061-5061 from 3.80.16.0/23").And.Contain("udp 10000-20000 from 3.80.16.0/23");
        ingress.Should().NotContain(r => r.Contains(" 5060-", StringComparison.Ordinal));
        Exports(_s).Should().Contain("export IVR_VOICE_CONNECTOR_ENCRYPTION='required'");
    }

    [Fact]
    public void Plain_sip_to_the_pbx_is_an_explicit_setting()
    {
        var open = With("voiceConnectorEncryption=false");
        open.Props("Custom::ChimeVoiceConnector")["RequireEncryption"]!.GetValue<string>().Should().Be("false");
        open.Props("Custom::ChimeVoiceConnectorOrigination")["Port"]!.GetValue<string>().Should().Be("5060");
        open.Props("Custom::ChimeVoiceConnectorOrigination")["Protocol"]!.GetValue<string>().Should().Be("UDP");
        Ingress(open).Should().Contain(["udp 5060-5060 from 3.80.16.0/23", "tcp 5060-5060 from 3.80.16.0/23"]).And.NotContain(r => r.Contains("5061", StringComparison.Ordinal));
        Exports(open).Should().Contain("export IVR_VOICE_CONNECTOR_ENCRYPTION='off'");
    }

    // Item 5: agents' networks can be named; a host name gets a real certificate (HTTP-01 needs port 80 while certbot runs).
    [Fact]
    public void Agent_networks_limit_wss_and_webrtc_media_and_a_host_name_gets_a_certificate()
    {
        Ingress(_s).Should().Contain(["tcp 8089-8089 from 0.0.0.0/0", "udp 10000-20000 from 0.0.0.0/0"]).And.NotContain(r => r.StartsWith("tcp 80-", StringComparison.Ordinal));
        Exports(_s).Should().NotContain(e => e.StartsWith("export IVR_PBX_HOST_NAME=", StringComparison.Ordinal));

        var closed = With("agentCidrs=203.0.113.0/24,198.51.100.7/32", "pbxHostName=pbx.example.com");
        Ingress(closed).Should().BeEquivalentTo(
            "tcp 5061-5061 from 3.80.16.0/23", "udp 10000-20000 from 3.80.16.0/23",
            "tcp 8089-8089 from 203.0.113.0/24", "udp 10000-20000 from 203.0.113.0/24",
            "tcp 8089-8089 from 198.51.100.7/32", "udp 10000-20000 from 198.51.100.7/32",
            "tcp 80-80 from 0.0.0.0/0");
        Exports(closed).Should().Contain("export IVR_PBX_HOST_NAME='pbx.example.com'");
        Cfn.Text(closed.Json["Outputs"]!["AgentWssUrl"]!["Value"]).Should().Be("wss://pbx.example.com:8089/ws");
        closed.Props("Custom::ChimeVoiceConnectorOrigination")["Host"]!.GetValue<string>().Should().Be("pbx.example.com", "the name the certificate carries");
    }

    [Theory]
    [InlineData("agentCidrs", "203.0.113.0/33")]
    [InlineData("agentCidrs", "203.0.113.1/24")]
    [InlineData("agentCidrs", "2001:db8::/32")]
    [InlineData("pbxHostName", "203.0.113.10")]
    [InlineData("pbxHostName", "PBX.example.com")]
    [InlineData("pbxHostName", "pbx.example.com; rm -rf /")]
    [InlineData("pstnAllowedPrefixes", "+1,1876")]
    [InlineData("pstnAllowedPrefixes", "+1,+")]
    public void Bad_hardening_settings_stop_the_synthesis_naming_the_setting(string key, string value)
    {
        var act = () => With($"{key}={value}");
        act.Should().Throw<Exception>().WithMessage($"*{key}*", "the refusal names the setting (one line per bad setting, see DeploySettingsValidation)");
    }

    // Item 9: template hygiene.
    [Fact]
    public void The_pbx_root_volume_is_encrypted()
    {
        var mapping = _s.Props("AWS::EC2::Instance")["BlockDeviceMappings"]!.AsArray().Should().ContainSingle().Subject!;
        mapping["DeviceName"]!.GetValue<string>().Should().Be("/dev/sda1", "Ubuntu's root device");
        mapping["Ebs"]!["Encrypted"]!.GetValue<bool>().Should().BeTrue();
    }

    [Fact]
    public void The_alarm_topic_refuses_publishing_without_tls()
    {
        var topic = "${" + Id(_s, "AWS::SNS::Topic", "MonitoringAlarms") + "}";
        var policy = _s.Resources("AWS::SNS::TopicPolicy").Select(p => p.Resource["Properties"]!)
            .Should().ContainSingle(p => Cfn.Strings(p["Topics"]).Contains(topic)).Subject;
        Cfn.Strings(policy["Topics"]).Should().Equal(topic);
        var deny = Cfn.Statements(policy["PolicyDocument"]).Should().ContainSingle(st => st["Effect"]!.GetValue<string>() == "Deny").Subject;
        deny["Condition"]!.ToJsonString().Should().Be("""{"Bool":{"aws:SecureTransport":"false"}}""");
        Cfn.Strings(deny["Action"]).Should().Contain("sns:Publish");
    }

    [Fact]
    public void Every_directory_table_outlives_the_stack_unless_the_operator_says_otherwise()
    {
        _s.Resources("AWS::DynamoDB::Table").Should().HaveCount(3).And.OnlyContain(t =>
            t.Resource["DeletionPolicy"]!.GetValue<string>() == "Retain" && t.Resource["UpdateReplacePolicy"]!.GetValue<string>() == "Retain");
        With("removeTablesOnDelete=true").Resources("AWS::DynamoDB::Table").Should().HaveCount(3)
            .And.OnlyContain(t => t.Resource["DeletionPolicy"]!.GetValue<string>() == "Delete");
    }

    [Fact]
    public void Every_function_cdk_framework_included_logs_to_a_group_that_expires()
    {
        var functions = _s.Resources("AWS::Lambda::Function");
        functions.Should().HaveCount(8);
        foreach (var (id, function) in functions)
        {
            var group = Cfn.Text(function["Properties"]!["LoggingConfig"]?["LogGroup"] ?? throw new InvalidOperationException($"{id} logs to Lambda's default group, which never expires"))
                .Trim('$', '{', '}');
            _s.Json["Resources"]![group]!["Properties"]!["RetentionInDays"]!.GetValue<int>().Should().Be(30, id);
        }
    }

    [Fact]
    public void The_pbx_vpc_records_all_traffic_in_flow_logs_that_expire()
    {
        var flowLog = _s.Props("AWS::EC2::FlowLog");
        Cfn.Text(flowLog["ResourceId"]).Should().Be("${" + Id(_s, "AWS::EC2::VPC", "PbxVpc") + "}");
        flowLog["ResourceType"]!.GetValue<string>().Should().Be("VPC");
        flowLog["TrafficType"]!.GetValue<string>().Should().Be("ALL");
        var group = Cfn.Text(flowLog["LogGroupName"]).Trim('$', '{', '}');
        _s.Json["Resources"]![group]!["Properties"]!["RetentionInDays"]!.GetValue<int>().Should().Be(30);
    }

    // Item 10: least privilege for logging and for the provisioner's deletes.
    [Fact]
    public void No_role_carries_a_managed_logging_policy_and_every_logs_grant_names_one_log_group()
    {
        foreach (var (id, role) in _s.Resources("AWS::IAM::Role"))
        {
            Cfn.Strings(role["Properties"]!["ManagedPolicyArns"]).Should().NotContain(a => a.Contains("AWSLambdaBasicExecutionRole", StringComparison.Ordinal), id);
        }

        var logGroups = _s.Resources("AWS::Logs::LogGroup").Select(g => "${" + g.Id + ".Arn}").ToHashSet();
        var logGrants = Cfn.Statements(_s.Json).Where(st => Cfn.Strings(st["Action"]).Any(a => a.StartsWith("logs:", StringComparison.Ordinal))).ToList();
        logGrants.Should().HaveCountGreaterThanOrEqualTo(7, "every function's role and the flow logs' role write logs");
        foreach (var statement in logGrants)
        {
            Cfn.Strings(statement["Resource"]).Should().OnlyContain(r => logGroups.Contains(r), statement.ToJsonString());
        }
    }

    [Fact]
    public void The_provisioner_deletes_on_star_are_held_to_the_region_and_release_of_the_number_only_when_asked()
    {
        static List<JsonObject> Deletes(SynthesizedStack s) => Cfn.Statements(s.Json)
            .Where(st => Cfn.Strings(st["Action"]).Any(a => a is "chime:DeleteSipRule" or "chime:DeletePhoneNumber")).ToList();

        var statement = Deletes(_s).Should().ContainSingle().Subject;
        Cfn.Strings(statement["Action"]).Should().Equal("chime:DeleteSipRule");
        statement["Condition"]!.ToJsonString().Should().Be("""{"StringEquals":{"aws:RequestedRegion":"us-east-1"}}""");

        var releasing = Deletes(With("releasePhoneNumberOnDelete=true")).Should().ContainSingle().Subject;
        Cfn.Strings(releasing["Action"]).Should().BeEquivalentTo("chime:DeleteSipRule", "chime:DeletePhoneNumber");
        releasing["Condition"]!.ToJsonString().Should().Be("""{"StringEquals":{"aws:RequestedRegion":"us-east-1"}}""");
        // A number the operator brought is never the stack's to release.
        Cfn.Strings(Deletes(With("releasePhoneNumberOnDelete=true", "phoneNumber=+12065550123")).Single()["Action"]).Should().Equal("chime:DeleteSipRule");
    }
}
