using System.Text.Json.Nodes;

namespace IvrDeploy.Tests;

/// <summary>
/// Issue 17's deploy part: the voicemail bucket, its topic and key, the agents' secrets and the host's queue settings,
/// each read from the synthesized template.
/// </summary>
public sealed class VoicemailTests(DefaultStackFixture fixture) : IClassFixture<DefaultStackFixture>
{
    private readonly SynthesizedStack _s = fixture.Stack;

    private static SynthesizedStack With(params string[] context) => new(
        IvrDeploy.Departments.Load(Path.Combine(SynthesizedStack.RepositoryRoot, "IvrApi", "departments.json")),
        context.Select(c => c.Split('=', 2)).ToDictionary(kv => kv[0], kv => (object)kv[1]));

    private static string Ref(SynthesizedStack s, string type, string prefix, string? attribute = null) =>
        "${" + s.Resources(type).Select(r => r.Id).Should().ContainSingle(id => id.StartsWith(prefix, StringComparison.Ordinal)).Subject
        + (attribute is null ? "" : "." + attribute) + "}";

    private JsonObject Resource(string type, string prefix) =>
        _s.Resources(type).Should().ContainSingle(r => r.Id.StartsWith(prefix, StringComparison.Ordinal)).Subject.Resource;

    private static JsonObject Bucket(SynthesizedStack s) =>
        s.Resources("AWS::S3::Bucket").Should().ContainSingle(r => r.Id.StartsWith("VoicemailBucket", StringComparison.Ordinal)).Subject.Resource;

    private JsonObject TopicPolicy => _s.Resources("AWS::SNS::TopicPolicy").Select(p => p.Resource["Properties"]!.AsObject())
        .Should().ContainSingle(p => Cfn.Strings(p["Topics"]).Contains(Ref(_s, "AWS::SNS::Topic", "VoicemailTopic"))).Subject;

    [Fact]
    public void The_bucket_is_encrypted_with_the_voicemail_key_and_a_bucket_key()
    {
        var rule = Bucket(_s)["Properties"]!["BucketEncryption"]!["ServerSideEncryptionConfiguration"]!.AsArray().Should().ContainSingle().Subject!;
        rule["ServerSideEncryptionByDefault"]!["SSEAlgorithm"]!.GetValue<string>().Should().Be("aws:kms");
        Cfn.Text(rule["ServerSideEncryptionByDefault"]!["KMSMasterKeyID"]).Should().Be(Ref(_s, "AWS::KMS::Key", "VoicemailKey", "Arn"));
        rule["BucketKeyEnabled"]!.GetValue<bool>().Should().BeTrue("one KMS request per bucket key, not per recording");
    }

    [Fact]
    public void The_bucket_blocks_every_public_access_and_disables_acls()
    {
        var props = Bucket(_s)["Properties"]!;
        props["PublicAccessBlockConfiguration"]!.ToJsonString().Should().Be(
            """{"BlockPublicAcls":true,"BlockPublicPolicy":true,"IgnorePublicAcls":true,"RestrictPublicBuckets":true}""");
        props["OwnershipControls"]!["Rules"]!.AsArray().Should().ContainSingle().Subject!["ObjectOwnership"]!.GetValue<string>()
            .Should().Be("BucketOwnerEnforced");
        props["AccessControl"].Should().BeNull("no canned ACL");
        props["VersioningConfiguration"].Should().BeNull("every message has its own key; versions would outlive the retention");
        props["WebsiteConfiguration"].Should().BeNull();
    }

    [Fact]
    public void The_bucket_policy_denies_every_request_without_tls_or_below_tls_1_2_and_allows_nothing()
    {
        var bucket = Ref(_s, "AWS::S3::Bucket", "VoicemailBucket");
        var policy = _s.Resources("AWS::S3::BucketPolicy").Select(p => p.Resource["Properties"]!)
            .Should().ContainSingle(p => Cfn.Text(p["Bucket"]) == bucket).Subject;
        var statements = Cfn.Statements(policy["PolicyDocument"]).ToList();
        statements.Should().HaveCount(2).And.OnlyContain(st => st["Effect"]!.GetValue<string>() == "Deny"
            && st["Principal"]!.ToJsonString() == """{"AWS":"*"}"""
            && Cfn.Strings(st["Action"]).SequenceEqual(new[] { "s3:*" })
            && Cfn.Strings(st["Resource"]).SequenceEqual(new[] { Ref(_s, "AWS::S3::Bucket", "VoicemailBucket", "Arn"), Ref(_s, "AWS::S3::Bucket", "VoicemailBucket", "Arn") + "/*" }));
        statements.Select(st => st["Condition"]!.ToJsonString()).Should().BeEquivalentTo(
            """{"Bool":{"aws:SecureTransport":"false"}}""",
            """{"NumericLessThan":{"s3:TlsVersion":1.2}}""");
    }

    [Fact]
    public void Recordings_expire_after_the_retention_setting_and_cut_off_uploads_after_a_day()
    {
        static JsonNode Rule(SynthesizedStack s) => Bucket(s)["Properties"]!["LifecycleConfiguration"]!["Rules"]!.AsArray().Should().ContainSingle().Subject!;

        var rule = Rule(_s);
        rule["Status"]!.GetValue<string>().Should().Be("Enabled");
        rule["ExpirationInDays"]!.GetValue<int>().Should().Be(90, "the documented default");
        rule["AbortIncompleteMultipartUpload"]!["DaysAfterInitiation"]!.GetValue<int>().Should().Be(1);
        rule["Prefix"].Should().BeNull("the whole bucket holds recordings only");
        Rule(With("voicemailRetentionDays=14"))["ExpirationInDays"]!.GetValue<int>().Should().Be(14);
    }

    [Fact]
    public void Bucket_and_key_are_kept_when_the_stack_is_deleted()
    {
        foreach (var resource in new[] { Bucket(_s), Resource("AWS::KMS::Key", "VoicemailKey") })
        {
            resource["DeletionPolicy"]!.GetValue<string>().Should().Be("Retain");
            resource["UpdateReplacePolicy"]!.GetValue<string>().Should().Be("Retain");
        }

        // Even with the tables removed: recordings expire by their own rule, and a recording without its key is lost.
        Bucket(With("removeTablesOnDelete=true"))["DeletionPolicy"]!.GetValue<string>().Should().Be("Retain");
    }

    [Fact]
    public void The_key_rotates_and_its_policy_lets_the_account_administer_it_and_use_it_only_through_s3_and_sns()
    {
        var key = Resource("AWS::KMS::Key", "VoicemailKey")["Properties"]!;
        key["EnableKeyRotation"]!.GetValue<bool>().Should().BeTrue();
        key["KeySpec"].Should().BeNull("the default symmetric key, which S3 and SNS require");
        var statements = Cfn.Statements(key["KeyPolicy"]).ToList();
        statements.Should().HaveCount(2).And.OnlyContain(st => st["Effect"]!.GetValue<string>() == "Allow"
            && Cfn.Text(st["Principal"]!["AWS"]) == "arn:${AWS::Partition}:iam::111111111111:root"
            && Cfn.Text(st["Resource"]) == "*");
        var actions = statements.SelectMany(st => Cfn.Strings(st["Action"])).ToList();
        actions.Should().NotContain(a => a.Contains('*')).And.Contain("kms:PutKeyPolicy", "CloudFormation must be able to update the policy again")
            .And.NotContain(["kms:Encrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:CreateGrant", "kms:GenerateDataKeyWithoutPlaintext"]);
        var use = statements.Single(st => Cfn.Strings(st["Action"]).Contains("kms:Decrypt"));
        Cfn.Strings(use["Action"]).Should().BeEquivalentTo("kms:GenerateDataKey", "kms:Decrypt");
        use["Condition"]!.ToJsonString().Should().Be("""{"StringEquals":{"kms:ViaService":["s3.us-east-1.amazonaws.com","sns.us-east-1.amazonaws.com"]}}""");
        Cfn.Strings(statements.Single(st => st != use)["Action"]).Should().NotContain(["kms:Decrypt", "kms:GenerateDataKey"]);
    }

    [Fact]
    public void The_topic_is_encrypted_with_the_voicemail_key_and_refuses_publishing_without_tls()
    {
        var topic = Resource("AWS::SNS::Topic", "VoicemailTopic")["Properties"]!;
        Cfn.Text(topic["KmsMasterKeyId"]).Should().Be(Ref(_s, "AWS::KMS::Key", "VoicemailKey", "Arn"));
        var statement = Cfn.Statements(TopicPolicy["PolicyDocument"]).Should().ContainSingle("the host publishes through its own IAM policy; nothing else is allowed").Subject;
        statement["Effect"]!.GetValue<string>().Should().Be("Deny");
        statement["Principal"]!.ToJsonString().Should().Be("""{"AWS":"*"}""");
        Cfn.Strings(statement["Action"]).Should().Equal("sns:Publish");
        Cfn.Text(statement["Resource"]).Should().Be(Ref(_s, "AWS::SNS::Topic", "VoicemailTopic"));
        statement["Condition"]!.ToJsonString().Should().Be("""{"Bool":{"aws:SecureTransport":"false"}}""");
    }

    [Fact]
    public void An_email_subscription_exists_only_when_voicemail_email_is_set()
    {
        var topic = Ref(_s, "AWS::SNS::Topic", "VoicemailTopic");
        _s.Resources("AWS::SNS::Subscription").Should().NotContain(r => Cfn.Text(r.Resource["Properties"]!["TopicArn"]) == topic);

        var withEmail = With("voicemailEmail=history-team@example.com");
        var subscription = withEmail.Resources("AWS::SNS::Subscription").Select(r => r.Resource["Properties"]!)
            .Should().ContainSingle(p => Cfn.Text(p["TopicArn"]) == Ref(withEmail, "AWS::SNS::Topic", "VoicemailTopic")).Subject;
        subscription["Protocol"]!.GetValue<string>().Should().Be("email");
        subscription["Endpoint"]!.GetValue<string>().Should().Be("history-team@example.com");
    }

    [Fact]
    public void The_call_path_role_holds_nothing_of_agents_secrets_or_voicemail()
    {
        var callPath = _s.Resources("AWS::Lambda::Function").Select(f => f.Resource["Properties"]!)
            .Single(f => f["FunctionName"]?.GetValue<string>() == "IvrCallRouter-IvrApi");
        var role = Cfn.Text(callPath["Role"]).Trim('$', '{', '}').Split('.')[0];
        var statements = _s.Resources("AWS::IAM::Policy").Where(p => Cfn.Strings(p.Resource["Properties"]!["Roles"]).Contains("${" + role + "}"))
            .SelectMany(p => Cfn.Statements(p.Resource["Properties"]!["PolicyDocument"]))
            .Concat(Cfn.Statements(_s.Json["Resources"]![role]!["Properties"]!["Policies"])).ToList();
        statements.Should().NotBeEmpty();
        statements.SelectMany(st => Cfn.Strings(st["Action"])).Should().NotContain(a =>
            a.StartsWith("s3:", StringComparison.Ordinal) || a.StartsWith("sns:", StringComparison.Ordinal)
            || a.StartsWith("kms:", StringComparison.Ordinal) || a.StartsWith("secretsmanager:", StringComparison.Ordinal));
        statements.SelectMany(st => Cfn.Strings(st["Resource"])).Should().NotContain(r =>
            r.Contains("DirectoryAgents", StringComparison.Ordinal) || r.Contains("Voicemail", StringComparison.Ordinal) || r.Contains(":secret:", StringComparison.Ordinal));
        callPath["Environment"]!["Variables"]!.AsObject().Select(v => v.Key).Should().NotContain(["Directory__AgentsTable", "Agents__SecretPrefix", "Voicemail__Bucket"]);
    }

    [Fact]
    public void No_role_but_the_admin_api_and_the_pbx_host_reaches_agents_secrets_or_voicemail()
    {
        var admin = _s.Resources("AWS::Lambda::Function").Select(f => f.Resource["Properties"]!)
            .Single(f => f["FunctionName"]?.GetValue<string>() == "IvrCallRouter-IvrApiAdmin");
        var expected = new[] { "${" + Cfn.Text(admin["Role"]).Trim('$', '{', '}').Split('.')[0] + "}", Ref(_s, "AWS::IAM::Role", "PbxRole") };
        var reaching = _s.Resources("AWS::IAM::Policy").Select(p => p.Resource["Properties"]!)
            .Where(p => Cfn.Statements(p["PolicyDocument"]).Any(st => Cfn.Strings(st["Resource"]).Any(r =>
                r.Contains("DirectoryAgents", StringComparison.Ordinal) || r.Contains("Voicemail", StringComparison.Ordinal) || r.Contains(":secret:", StringComparison.Ordinal))))
            .SelectMany(p => Cfn.Strings(p["Roles"])).ToList();
        reaching.Should().BeEquivalentTo(expected);
    }

    [Fact]
    public void Queue_and_voicemail_settings_reach_the_host()
    {
        static List<string> Exports(SynthesizedStack s) => Cfn.Text(s.Props("AWS::EC2::Instance")["UserData"]).Split('\n')
            .Where(l => l.StartsWith("export IVR_", StringComparison.Ordinal)).ToList();

        Exports(With("queueStrategy=fewestcalls", "queueMaxWaitSeconds=600", "voicemailMaxSeconds=45", "queueLanguageWaitSeconds=0")).Should()
            .Contain(["export IVR_QUEUE_STRATEGY='fewestcalls'", "export IVR_QUEUE_MAX_WAIT_SECONDS='600'", "export IVR_VOICEMAIL_MAX_SECONDS='45'",
                "export IVR_QUEUE_LANGUAGE_WAIT_SECONDS='0'"]);
        // The replaced single-agent settings are gone, so a host script still reading them fails loudly instead of half-working.
        Exports(_s).Should().NotContain(e => e.StartsWith("export IVR_AGENT_SECRET_ARN=", StringComparison.Ordinal)
            || e.StartsWith("export IVR_AGENT_EXTENSION=", StringComparison.Ordinal) || e.StartsWith("export IVR_DEPARTMENTS=", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("voicemailRetentionDays", "0")]
    [InlineData("voicemailRetentionDays", "3651")]
    [InlineData("voicemailRetentionDays", "ninety")]
    [InlineData("voicemailEmail", "history-team")]
    [InlineData("voicemailMaxSeconds", "5")]
    [InlineData("voicemailMaxSeconds", "601")]
    [InlineData("queueStrategy", "roundrobin")]
    [InlineData("queueStrategy", "RRMEMORY")]
    [InlineData("queueMaxWaitSeconds", "29")]
    [InlineData("queueMaxWaitSeconds", "3601")]
    [InlineData("queueLanguageWaitSeconds", "601")]
    [InlineData("queueLanguageWaitSeconds", "thirty")]
    public void Bad_voicemail_and_queue_settings_stop_the_synthesis_naming_the_setting(string key, string value)
    {
        var act = () => With($"{key}={value}");
        act.Should().Throw<DeploySettingsException>().Which.Problems.Should().ContainSingle().Which.Should().StartWith($"-c {key}={value}: expected ");
    }
}
