using System.Text.Json.Nodes;
using Amazon.CDK.Assertions;

namespace IvrDeploy.Tests;

public sealed class StackTests(DefaultStackFixture fixture) : IClassFixture<DefaultStackFixture>
{
    private readonly SynthesizedStack _s = fixture.Stack;

    private static readonly string[] DepartmentNames = ["science", "art", "history", "math"];

    private static readonly string RepositoryDepartments =
        File.ReadAllText(Path.Combine(SynthesizedStack.RepositoryRoot, "IvrApi", "departments.json"));

    private JsonObject FunctionProps => NamedFunction("IvrCallRouter-IvrApi");

    private JsonObject AdminFunctionProps => NamedFunction("IvrCallRouter-IvrApiAdmin");

    private JsonObject NamedFunction(string name) => _s.Resources("AWS::Lambda::Function")
        .Single(f => f.Resource["Properties"]!["FunctionName"]?.GetValue<string>() == name).Resource["Properties"]!.AsObject();

    private string LogicalId(string type, string prefix) =>
        _s.Resources(type).Select(r => r.Id).Should().ContainSingle(id => id.StartsWith(prefix, StringComparison.Ordinal)).Subject;

    /// <summary>Statements granted to a role: its inline policies and every AWS::IAM::Policy attached to it.</summary>
    private List<JsonObject> RoleStatements(string roleId) =>
        Cfn.Statements(_s.Json["Resources"]![roleId]!["Properties"]!["Policies"])
            .Concat(_s.Resources("AWS::IAM::Policy")
                .Where(p => Cfn.Strings(p.Resource["Properties"]!["Roles"]).Contains("${" + roleId + "}"))
                .SelectMany(p => Cfn.Statements(p.Resource["Properties"]!["PolicyDocument"])))
            .ToList();

    private static string RoleOf(JsonObject functionProps) => Cfn.Text(functionProps["Role"]).Trim('$', '{', '}').Split('.')[0];

    private static HashSet<string> Grants(IEnumerable<JsonObject> statements) =>
        statements.SelectMany(st => Cfn.Strings(st["Action"]).SelectMany(a => Cfn.Strings(st["Resource"]).Select(r => $"{a} on {r}")))
            .ToHashSet();

    [Fact]
    public void The_test_uses_the_repository_department_list()
    {
        // The literal names below are what the remaining assertions expect; they must match the real list.
        JsonNode.Parse(RepositoryDepartments)!.AsArray().Select(d => d!["department_name"]!.GetValue<string>())
            .Should().Equal(DepartmentNames);
    }

    [Fact]
    public void Department_rules_and_agents_tables_are_keyed_as_the_service_reads_them()
    {
        var tables = _s.Resources("AWS::DynamoDB::Table").Select(t => t.Resource["Properties"]!).ToList();
        tables.Select(t => t["KeySchema"]!.ToJsonString()).Should().BeEquivalentTo(
            """[{"AttributeName":"department_name","KeyType":"HASH"}]""",
            """[{"AttributeName":"rule_id","KeyType":"HASH"}]""",
            """[{"AttributeName":"agent_id","KeyType":"HASH"}]""");
        // One set of settings for every directory table: on-demand, string keys, point-in-time recovery, no key of
        // the stack's own (DynamoDB's default encryption at rest).
        tables.Should().OnlyContain(t => t["BillingMode"]!.GetValue<string>() == "PAY_PER_REQUEST"
            && t["AttributeDefinitions"]![0]!["AttributeType"]!.GetValue<string>() == "S"
            && t["PointInTimeRecoverySpecification"]!["PointInTimeRecoveryEnabled"]!.GetValue<bool>()
            && t["SSESpecification"] == null);
    }

    [Fact]
    public void Each_department_is_seeded_with_every_field_of_departments_json()
    {
        var tableRef = "${" + LogicalId("AWS::DynamoDB::Table", "DirectoryDepartments") + "}";
        var seeds = _s.Resources("Custom::AWS").Select(r => r.Resource["Properties"]!)
            .Where(p => Cfn.Document(p["Create"])["service"]!.GetValue<string>() == "DynamoDB")
            .Select(p => (Create: Cfn.Document(p["Create"]), Update: Cfn.Document(p["Update"]), Delete: Cfn.Document(p["Delete"])))
            .ToList();

        var expected = JsonNode.Parse(RepositoryDepartments)!.AsArray().Select(d => d!.AsObject()).ToList();
        seeds.Should().HaveCount(expected.Count);
        foreach (var (department, index) in expected.Select((d, i) => (d, i)))
        {
            var name = department["department_name"]!.GetValue<string>();
            var seed = seeds.Single(c => c.Create["parameters"]!["Item"]!["department_name"]!["S"]!.GetValue<string>() == name);
            seed.Create["action"]!.GetValue<string>().Should().Be("putItem");
            seed.Create["parameters"]!["TableName"]!.GetValue<string>().Should().Be(tableRef);
            var item = seed.Create["parameters"]!["Item"]!.AsObject();
            item.Select(p => p.Key).Should().BeEquivalentTo(department.Select(p => p.Key).Append("position"));
            foreach (var (key, value) in department)
            {
                // An object (names, hours) is seeded as its JSON text, which IvrApi's DynamoDB directory reads.
                item[key]!["S"]!.GetValue<string>().Should().Be(value is JsonValue ? value.GetValue<string>() : value!.ToJsonString());
            }

            // The table keeps the file's order: IvrApi sorts by position, and the keypad menu numbers by it.
            item["position"]!["N"]!.GetValue<string>().Should().Be((index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
            seed.Update.ToJsonString().Should().Be(seed.Create.ToJsonString());
            seed.Delete["action"]!.GetValue<string>().Should().Be("deleteItem");
            seed.Delete["parameters"]!["Key"]!.ToJsonString().Should().Be($$$"""{"department_name":{"S":"{{{name}}}"}}""");
        }
    }

    [Fact]
    public void Function_runs_the_native_bootstrap_behind_the_pinned_web_adapter_layer()
    {
        var fn = FunctionProps;
        fn["Handler"]!.GetValue<string>().Should().Be("bootstrap");
        fn["Architectures"]!.ToJsonString().Should().Be("""["x86_64"]""");
        fn["Timeout"]!.GetValue<int>().Should().Be(10);
        fn["FunctionName"]!.GetValue<string>().Should().Be("IvrCallRouter-IvrApi");
        Cfn.Strings(fn["Layers"]).Should().Equal("arn:aws:lambda:us-east-1:753240598075:layer:LambdaAdapterLayerX86:26");
    }

    [Fact]
    public void Function_environment_carries_the_adapter_and_every_IvrApi_setting()
    {
        var env = FunctionProps["Environment"]!["Variables"]!.AsObject().ToDictionary(p => p.Key, p => Cfn.Text(p.Value));
        env.Should().BeEquivalentTo(new Dictionary<string, string>
        {
            ["AWS_LWA_PORT"] = "8080",
            ["AWS_LWA_READINESS_CHECK_PATH"] = "/healthz",
            ["AWS_LWA_PASS_THROUGH_PATH"] = "/events",
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:8080",
            ["Directory__Provider"] = "DynamoDb",
            ["Directory__TableName"] = "${" + LogicalId("AWS::DynamoDB::Table", "DirectoryDepartments") + "}",
            ["Directory__RulesTableName"] = "${" + LogicalId("AWS::DynamoDB::Table", "DirectoryRoutingRules") + "}",
            ["Sma__VoiceConnectorArn"] = "${" + LogicalId("Custom::ChimeVoiceConnector", "ChimeVoiceConnector") + ".VoiceConnectorArn}",
            ["Lex__BotAliasArn"] = "${" + LogicalId("AWS::Lex::BotAlias", "CallRoutingAlias") + ".Arn}",
            ["Lex__PreloadSession"] = "true",
            ["Prompts__VoiceId"] = "Joanna",
            ["Prompts__Engine"] = "neural",
            ["Routing__PstnAllowedPrefixes"] = "+1",
            ["Metrics__Emf"] = "true",
            ["Metrics__Namespace"] = "IvrApi/IvrCallRouter",
        });
    }

    [Fact]
    public void Chime_and_Lex_invoke_the_published_alias_through_an_IAM_only_function_url()
    {
        var alias = _s.Json["Resources"]![LogicalId("AWS::Lambda::Alias", "IvrApiLive")]!["Properties"]!;
        alias["Name"]!.GetValue<string>().Should().Be("live");
        Cfn.Text(alias["FunctionVersion"]).Should().StartWith("${IvrApiFunctionCurrentVersion");

        var url = _s.Json["Resources"]![LogicalId("AWS::Lambda::Url", "IvrApiLive")]!["Properties"]!;
        url["AuthType"]!.GetValue<string>().Should().Be("AWS_IAM");
        url["Qualifier"]!.GetValue<string>().Should().Be("live");
    }

    [Fact]
    public void Function_logs_expire()
    {
        var logGroupId = Cfn.Text(FunctionProps["LoggingConfig"]!["LogGroup"]).Trim('$', '{', '}');
        _s.Json["Resources"]![logGroupId]!["Properties"]!["RetentionInDays"]!.GetValue<int>().Should().Be(30);
    }

    [Fact]
    public void Function_role_reads_its_tables_and_reaches_its_bot_alias_and_its_log_group_only()
    {
        var departments = "${" + LogicalId("AWS::DynamoDB::Table", "DirectoryDepartments") + ".Arn}";
        var rules = "${" + LogicalId("AWS::DynamoDB::Table", "DirectoryRoutingRules") + ".Arn}";
        var botAlias = "${" + LogicalId("AWS::Lex::BotAlias", "CallRoutingAlias") + ".Arn}";
        var logs = "${" + LogicalId("AWS::Logs::LogGroup", "IvrApiLogs") + ".Arn}";

        // Read only, and only what IvrApi/Departments/Storage/DynamoDbDirectoryStore.cs calls: the function that parses
        // telephony events cannot rewrite routes.
        string[] tableActions = ["dynamodb:Scan"];

        var roleId = RoleOf(FunctionProps);
        _s.Json["Resources"]![roleId]!["Properties"]!["ManagedPolicyArns"].Should().BeNull("the role writes only to its own log group");
        Grants(RoleStatements(roleId)).Where(g => !g.EndsWith("${AWS::NoValue}", StringComparison.Ordinal)).Should().BeEquivalentTo(
            tableActions.Select(a => $"{a} on {departments}")
                .Concat(tableActions.Select(a => $"{a} on {rules}"))
                .Append($"lex:PutSession on {botAlias}")
                .Append($"logs:CreateLogStream on {logs}")
                .Append($"logs:PutLogEvents on {logs}"));
    }

    [Fact]
    public void No_policy_statement_anywhere_grants_a_wildcard_action()
    {
        var statements = Cfn.Statements(_s.Json).ToList();
        statements.Should().HaveCountGreaterThan(20, "the walk must reach roles, policies and resource policies");
        statements.Should().NotContain(st => st.ContainsKey("NotAction"));
        // A Deny may name every action (the voicemail bucket's TLS-only s3:*): it can only take rights away.
        statements.Where(st => st["Effect"]!.GetValue<string>() == "Allow").SelectMany(st => Cfn.Strings(st["Action"])).Should().NotContain(a => a.Contains('*'));
        statements.Where(st => st["Effect"]!.GetValue<string>() == "Deny").SelectMany(st => Cfn.Strings(st["Action"])).Where(a => a.Contains('*'))
            .Should().OnlyContain(a => a == "s3:*");
    }

    [Fact]
    public void Bot_slot_type_values_are_the_department_list_in_every_locale()
    {
        var locales = _s.Props("AWS::Lex::Bot")["BotLocales"]!.AsArray();
        locales.Select(l => l!["LocaleId"]!.GetValue<string>()).Should().Equal("en_US", "es_US");
        // Spanish: the seed's names.es.name where it gives one (its English name then among the synonyms), else the one name.
        var seed = JsonNode.Parse(File.ReadAllText(Path.Combine(SynthesizedStack.RepositoryRoot, "IvrApi", "departments.json")))!.AsArray();
        var spanishNames = seed.Select(d => (string?)d!["names"]?["es"]?["name"] ?? (string)d!["department_name"]!).ToArray();
        foreach (var (locale, names) in new[] { (locales[0]!, DepartmentNames), (locales[1]!, spanishNames) })
        {
            var slotType = locale["SlotTypes"]!.AsArray().Should().ContainSingle().Subject!;
            slotType["Name"]!.GetValue<string>().Should().Be("Departments");
            slotType["ValueSelectionSetting"]!["ResolutionStrategy"]!.GetValue<string>().Should().Be("ORIGINAL_VALUE");
            var values = slotType["SlotTypeValues"]!.AsArray();
            values.Select(v => v!["SampleValue"]!["Value"]!.GetValue<string>()).Should().Equal(names);
            foreach (var (value, english) in values.Zip(DepartmentNames))
            {
                var said = value!["SampleValue"]!["Value"]!.GetValue<string>();
                if (said != english)
                {
                    (value["Synonyms"]?.AsArray() ?? []).Select(v => v!["Value"]!.GetValue<string>()).Should().Contain(english, "a Spanish caller may say the English name");
                }
            }
        }
    }

    [Fact]
    public void The_spanish_locale_is_the_english_one_in_spanish_words()
    {
        var locales = _s.Props("AWS::Lex::Bot")["BotLocales"]!.AsArray();
        var spanish = locales[1]!;
        spanish["VoiceSettings"]!.ToJsonString().Should().Be("""{"Engine":"neural","VoiceId":"Lupe"}""");
        var routeCall = spanish["Intents"]!.AsArray().Single(i => i!["Name"]!.GetValue<string>() == "RouteCall")!;
        routeCall["SampleUtterances"]!.AsArray().Select(u => u!["Utterance"]!.GetValue<string>())
            .Should().Contain(["{Department}", "el departamento de {Department}", "quisiera hablar con {Department}"]);
        routeCall["Slots"]![0]!["ValueElicitationSetting"]!["PromptSpecification"]!["MessageGroupsList"]![0]!["Message"]!["PlainTextMessage"]!["Value"]!
            .GetValue<string>().Should().StartWith("¿Con qué departamento desea hablar?");

        // One definition: with the words taken out, both locales are the same JSON.
        Words(locales[0]!).Should().Be(Words(spanish));

        // The words: locale, voice, sample utterances, slot values (a language may name departments with more synonyms), every message.
        static string Words(JsonNode locale)
        {
            var copy = locale.DeepClone();
            Blank(copy);
            return copy.ToJsonString();
        }

        static void Blank(JsonNode? node)
        {
            if (node is JsonObject map)
            {
                foreach (var key in new[] { "LocaleId", "VoiceSettings", "SampleUtterances", "SlotTypeValues" })
                {
                    map.Remove(key);
                }

                foreach (var (key, value) in map.ToList())
                {
                    if (key == "Value" && value is JsonValue)
                    {
                        map[key] = "";
                    }
                    else
                    {
                        Blank(value);
                    }
                }
            }
            else if (node is JsonArray list)
            {
                foreach (var item in list)
                {
                    Blank(item);
                }
            }
        }
    }

    [Fact]
    public void Bot_locale_has_RouteCall_with_a_keypad_aware_Department_slot_and_a_fallback()
    {
        var bot = _s.Props("AWS::Lex::Bot");
        bot["AutoBuildBotLocales"]!.GetValue<bool>().Should().BeTrue();
        var locale = bot["BotLocales"]![0]!;
        locale["LocaleId"]!.GetValue<string>().Should().Be("en_US");
        locale["VoiceSettings"]!.ToJsonString().Should().Be("""{"Engine":"neural","VoiceId":"Joanna"}""");

        var intents = locale["Intents"]!.AsArray();
        intents.Select(i => i!["Name"]!.GetValue<string>()).Should().BeEquivalentTo("RouteCall", "FallbackIntent");
        intents.Single(i => i!["Name"]!.GetValue<string>() == "FallbackIntent")!["ParentIntentSignature"]!.GetValue<string>()
            .Should().Be("AMAZON.FallbackIntent");

        var routeCall = intents.Single(i => i!["Name"]!.GetValue<string>() == "RouteCall")!;
        routeCall["DialogCodeHook"]!["Enabled"]!.GetValue<bool>().Should().BeTrue();
        routeCall["FulfillmentCodeHook"]!["Enabled"]!.GetValue<bool>().Should().BeTrue();
        routeCall["SampleUtterances"]!.AsArray().Select(u => u!["Utterance"]!.GetValue<string>())
            .Should().Contain(["{Department}", "I want {Department}"]);

        var slot = routeCall["Slots"]!.AsArray().Should().ContainSingle().Subject!;
        slot["Name"]!.GetValue<string>().Should().Be("Department");
        slot["SlotTypeName"]!.GetValue<string>().Should().Be("Departments");
        var prompt = slot["ValueElicitationSetting"]!["PromptSpecification"]!;
        // No key numbers in a prompt fixed at deploy time: the menu follows the live directory.
        prompt["MessageGroupsList"]![0]!["Message"]!["PlainTextMessage"]!["Value"]!.GetValue<string>().Should().Be(
            "Which department would you like? Say its name, or press its key on your keypad.");
        var capture = slot["ValueElicitationSetting"]!["SlotCaptureSetting"]!;
        capture["ElicitationCodeHook"]!["EnableCodeHookInvocation"]!.GetValue<bool>().Should().BeTrue("every miss reaches the code hook");
        capture["CodeHook"]!["EnableCodeHookInvocation"]!.GetValue<bool>().Should().BeTrue();

        // Every next step the code hook relies on is declared, so it runs whatever Lex's default would be.
        capture["CaptureNextStep"]!["DialogAction"]!["Type"]!.GetValue<string>().Should().Be("InvokeDialogCodeHook");
        capture["FailureNextStep"]!["DialogAction"]!["Type"]!.GetValue<string>().Should().Be("InvokeDialogCodeHook");
        foreach (var hook in new[] { capture["CodeHook"]!, routeCall["IntentConfirmationSetting"]!["CodeHook"]! })
        {
            // A failing or slow hook ends the conversation; the call router then sends the caller to the operator.
            hook["PostCodeHookSpecification"]!["FailureNextStep"]!["DialogAction"]!["Type"]!.GetValue<string>().Should().Be("EndConversation");
            hook["PostCodeHookSpecification"]!["TimeoutNextStep"]!["DialogAction"]!["Type"]!.GetValue<string>().Should().Be("EndConversation");
        }

        var confirmation = routeCall["IntentConfirmationSetting"]!;
        confirmation["IsActive"]!.GetValue<bool>().Should().BeTrue("a runtime ConfirmIntent needs the step active at build time");
        confirmation["CodeHook"]!["EnableCodeHookInvocation"]!.GetValue<bool>().Should().BeTrue();
        confirmation["ConfirmationNextStep"]!["DialogAction"]!["Type"]!.GetValue<string>().Should().Be("InvokeDialogCodeHook");
        confirmation["DeclinationNextStep"]!["DialogAction"]!["Type"]!.GetValue<string>().Should().Be("InvokeDialogCodeHook");
        confirmation["FailureNextStep"]!["DialogAction"]!.ToJsonString().Should().Be("""{"SlotToElicit":"Department","Type":"ElicitSlot"}""");
        var attempts = prompt["PromptAttemptsSpecification"]!.AsObject();
        attempts.Select(a => a.Key).Should().Contain("Initial");
        foreach (var (_, attempt) in attempts)
        {
            attempt!["AllowedInputTypes"]!["AllowDTMFInput"]!.GetValue<bool>().Should().BeTrue();
            var dtmf = attempt["AudioAndDTMFInputSpecification"]!["DTMFSpecification"]!;
            dtmf["MaxLength"]!.GetValue<int>().Should().Be(1, "the menu has keys 1-9");
            dtmf["EndCharacter"]!.GetValue<string>().Should().Be("#");
        }
    }

    [Fact]
    public void Bot_alias_uses_the_hashed_version_the_function_alias_as_code_hook_and_logs_conversations()
    {
        var versionId = LogicalId("AWS::Lex::BotVersion", "CallRoutingVersion");
        versionId.Should().MatchRegex("^CallRoutingVersion[0-9A-F]{8}");
        var alias = _s.Props("AWS::Lex::BotAlias");
        Cfn.Text(alias["BotVersion"]).Should().Be("${" + versionId + ".BotVersion}");

        var settings = alias["BotAliasLocaleSettings"]!.AsArray();
        settings.Select(s => s!["LocaleId"]!.GetValue<string>()).Should().Equal("en_US", "es_US");
        foreach (var setting in settings)
        {
            // The same code hook in both locales: it answers in the locale of the event.
            setting!["BotAliasLocaleSetting"]!["Enabled"]!.GetValue<bool>().Should().BeTrue();
            var hook = setting["BotAliasLocaleSetting"]!["CodeHookSpecification"]!["LambdaCodeHook"]!;
            hook["CodeHookInterfaceVersion"]!.GetValue<string>().Should().Be("1.0");
            // Built from the function's fixed name, so Lex holds no reference back to the function (no cycle).
            Cfn.Text(hook["LambdaArn"]).Should().Be("arn:${AWS::Partition}:lambda:us-east-1:111111111111:function:IvrCallRouter-IvrApi:live");
        }

        _s.Props("AWS::Lex::BotVersion")["BotVersionLocaleSpecification"]!.AsArray().Select(l => l!["LocaleId"]!.GetValue<string>())
            .Should().Equal("en_US", "es_US");

        var textLog = alias["ConversationLogSettings"]!["TextLogSettings"]!.AsArray().Should().ContainSingle().Subject!;
        textLog["Enabled"]!.GetValue<bool>().Should().BeTrue();
        Cfn.Text(textLog["Destination"]!["CloudWatch"]!["CloudWatchLogGroupArn"])
            .Should().Be("${" + LogicalId("AWS::Logs::LogGroup", "CallRoutingConversationLogs") + ".Arn}");
    }

    [Fact]
    public void Only_this_accounts_pstn_audio_in_this_region_may_start_conversations_on_the_bot()
    {
        var policy = _s.Props("AWS::Lex::ResourcePolicy");
        var botAlias = "${" + LogicalId("AWS::Lex::BotAlias", "CallRoutingAlias") + ".Arn}";
        Cfn.Text(policy["ResourceArn"]).Should().Be(botAlias);
        var statement = Cfn.Statements(policy["Policy"]).Should().ContainSingle().Subject;
        statement["Principal"]!["Service"]!.GetValue<string>().Should().Be("voiceconnector.chime.amazonaws.com");
        Cfn.Strings(statement["Action"]).Should().Equal("lex:StartConversation");
        Cfn.Text(statement["Resource"]).Should().Be(botAlias);
        statement["Condition"]!["StringEquals"]!["AWS:SourceAccount"]!.GetValue<string>().Should().Be(SynthesizedStack.Account);
        Cfn.Text(statement["Condition"]!["ArnLike"]!["AWS:SourceArn"]).Should().Be("arn:${AWS::Partition}:voiceconnector:us-east-1:" + SynthesizedStack.Account + ":*");
    }

    [Fact]
    public void Lambda_permissions_admit_chime_and_lex_only_from_this_stacks_resources()
    {
        var permissions = _s.Resources("AWS::Lambda::Permission").Select(p => p.Resource["Properties"]!)
            .ToDictionary(p => p["Principal"]!.GetValue<string>());
        permissions.Keys.Should().BeEquivalentTo("voiceconnector.chime.amazonaws.com", "lexv2.amazonaws.com");
        foreach (var p in permissions.Values)
        {
            p["Action"]!.GetValue<string>().Should().Be("lambda:InvokeFunction");
            p["SourceAccount"]!.GetValue<string>().Should().Be(SynthesizedStack.Account);
            Cfn.Text(p["FunctionName"]).Should().Be("${" + LogicalId("AWS::Lambda::Alias", "IvrApiLive") + "}");
        }

        Cfn.Text(permissions["voiceconnector.chime.amazonaws.com"]["SourceArn"])
            .Should().Be("arn:${AWS::Partition}:chime:us-east-1:" + SynthesizedStack.Account + ":sma/${"
                + LogicalId("Custom::ChimeSipMediaApplication", "ChimeSipMediaApplication") + ".SipMediaApplicationId}");
        Cfn.Text(permissions["lexv2.amazonaws.com"]["SourceArn"])
            .Should().Be("${" + LogicalId("AWS::Lex::BotAlias", "CallRoutingAlias") + ".Arn}");
    }

    private string ProvisionerToken => "${" + LogicalId("AWS::Lambda::Function", "ChimeProvisionerframeworkonEvent") + ".Arn}";

    [Fact]
    public void Voice_connector_is_made_by_the_provisioner_and_originates_to_the_pbx_elastic_ip()
    {
        var vc = _s.Props("Custom::ChimeVoiceConnector");
        Cfn.Text(vc["ServiceToken"]).Should().Be(ProvisionerToken);
        vc.Where(p => p.Key != "ServiceToken").Select(p => $"{p.Key}={p.Value}").Should().Equal(
            "Name=IvrCallRouter-pbx", "AwsRegion=us-east-1", "RequireEncryption=true");

        var origination = _s.Props("Custom::ChimeVoiceConnectorOrigination");
        Cfn.Text(origination["ServiceToken"]).Should().Be(ProvisionerToken);
        Cfn.Text(origination["VoiceConnectorId"]).Should().Be("${" + LogicalId("Custom::ChimeVoiceConnector", "ChimeVoiceConnector") + ".VoiceConnectorId}");
        Cfn.Text(origination["Host"]).Should().Be("${" + LogicalId("AWS::EC2::EIP", "PbxAddress") + "}");
        origination["Port"]!.GetValue<string>().Should().Be("5061");
        origination["Protocol"]!.GetValue<string>().Should().Be("TCP");
    }

    [Fact]
    public void Sip_media_application_points_at_the_function_alias()
    {
        var sma = _s.Props("Custom::ChimeSipMediaApplication");
        Cfn.Text(sma["ServiceToken"]).Should().Be(ProvisionerToken);
        sma["AwsRegion"]!.GetValue<string>().Should().Be("us-east-1");
        Cfn.Text(sma["LambdaArn"]).Should().Be("${" + LogicalId("AWS::Lambda::Alias", "IvrApiLive") + "}");
    }

    [Fact]
    public void The_only_aws_custom_resources_are_the_department_seeds_and_their_role_holds_only_those_calls_and_logging()
    {
        var seeds = _s.Resources("Custom::AWS");
        seeds.Should().HaveCount(DepartmentNames.Length);
        var handler = _s.Resources("AWS::Lambda::Function").Single(f => f.Id.StartsWith("AWS679f53fac002430cb0da5b7982bd2287", StringComparison.Ordinal));
        var roleId = RoleOf(handler.Resource["Properties"]!.AsObject());
        var table = "${" + LogicalId("AWS::DynamoDB::Table", "DirectoryDepartments") + ".Arn}";
        var logs = "${" + LogicalId("AWS::Logs::LogGroup", "DirectorySeedLogs") + ".Arn}";
        Grants(RoleStatements(roleId)).Should().BeEquivalentTo(
            $"dynamodb:PutItem on {table}", $"dynamodb:DeleteItem on {table}", $"logs:CreateLogStream on {logs}", $"logs:PutLogEvents on {logs}");
        Cfn.Text(handler.Resource["Properties"]!["LoggingConfig"]!["LogGroup"]).Should().Be("${" + LogicalId("AWS::Logs::LogGroup", "DirectorySeedLogs") + "}");
    }

    [Fact]
    public void Each_provisioner_handler_may_make_only_its_own_calls()
    {
        var policies = _s.Resources("AWS::IAM::Policy").ToDictionary(p => p.Id, p => p.Resource["Properties"]!);
        HashSet<string> ActionsOf(string policyPrefix) => policies.Single(p => p.Key.StartsWith(policyPrefix, StringComparison.Ordinal)).Value["PolicyDocument"]!["Statement"]!
            .AsArray().SelectMany(st => Cfn.Strings(st!["Action"])).ToHashSet();

        ActionsOf("ChimeProvisionerIsCompleteServiceRoleDefaultPolicy").Should().BeEquivalentTo("chime:GetPhoneNumberOrder", "logs:CreateLogStream", "logs:PutLogEvents");
        // Every Chime SDK Voice call in provisioner.mjs, and lambda:GetPolicy/AddPermission that CreateSipMediaApplication needs.
        ActionsOf("ChimeProvisionerOnEventServiceRoleDefaultPolicy").Should().BeEquivalentTo(
            "chime:CreateVoiceConnector", "chime:UpdateVoiceConnector", "chime:DeleteVoiceConnector",
            "chime:PutVoiceConnectorOrigination", "chime:DeleteVoiceConnectorOrigination",
            "chime:CreateSipMediaApplication", "chime:UpdateSipMediaApplication", "chime:DeleteSipMediaApplication",
            "chime:SearchAvailablePhoneNumbers", "chime:CreatePhoneNumberOrder",
            "chime:CreateSipRule", "chime:UpdateSipRule", "chime:DeleteSipRule", "lambda:GetPolicy", "lambda:AddPermission",
            "logs:CreateLogStream", "logs:PutLogEvents");
    }

    [Fact]
    public void Phone_number_is_ordered_for_sip_media_application_dial_in_and_kept_on_stack_deletion()
    {
        var (id, number) = _s.Resources("Custom::ChimePhoneNumber").Should().ContainSingle().Subject;
        number["DeletionPolicy"]!.GetValue<string>().Should().Be("Retain");
        var props = number["Properties"]!;
        props["ProductType"]!.GetValue<string>().Should().Be("SipMediaApplicationDialIn");
        props["Country"]!.GetValue<string>().Should().Be("US");
        // A US search needs AreaCode, City, State or TollFreePrefix; by default a toll-free number is ordered.
        props["PhoneNumberType"]!.GetValue<string>().Should().Be("TollFree");
        props["TollFreePrefix"]!.GetValue<string>().Should().Be("833");
        Cfn.Text(props["ServiceToken"]).Should().StartWith("${ChimeProvisionerframeworkonEvent");

        var rule = _s.Props("Custom::ChimeSipRule");
        rule["TriggerType"]!.GetValue<string>().Should().Be("ToPhoneNumber");
        Cfn.Text(rule["TriggerValue"]).Should().Be("${" + id + ".E164PhoneNumber}");
        Cfn.Text(rule["SipMediaApplicationId"])
            .Should().Be("${" + LogicalId("Custom::ChimeSipMediaApplication", "ChimeSipMediaApplication") + ".SipMediaApplicationId}");
    }

    [Fact]
    public void Provider_polls_the_phone_number_order_until_complete()
    {
        var provider = _s.Resources("AWS::Lambda::Function").Select(f => f.Resource["Properties"]!)
            .Single(f => f["Description"]?.GetValue<string>().Contains("isComplete", StringComparison.Ordinal) == true);
        provider["Environment"]!["Variables"]!["USER_IS_COMPLETE_FUNCTION_ARN"].Should().NotBeNull();
        _s.Resources("AWS::StepFunctions::StateMachine").Should().ContainSingle();
        var handlers = _s.Resources("AWS::Lambda::Function").Select(f => f.Resource["Properties"]!)
            .Where(f => f["Handler"]?.GetValue<string>() is "index.onEvent" or "index.isComplete").ToList();
        handlers.Should().HaveCount(2);
    }

    [Fact]
    public void Every_node_function_including_the_cdk_framework_handlers_runs_on_nodejs24()
    {
        var runtimes = _s.Resources("AWS::Lambda::Function").Select(f => f.Resource["Properties"]!["Runtime"]!.GetValue<string>()).ToList();
        // IvrApi and its admin function, the AwsCustomResource handler, two provisioner handlers and three Provider
        // framework functions.
        runtimes.Should().HaveCount(8);
        runtimes.Where(r => r != "provided.al2023").Should().HaveCount(6).And.OnlyContain(r => r == "nodejs24.x");
    }

    [Fact]
    public void Pbx_security_group_admits_sip_only_from_chime_and_rtp_and_wss_from_the_agents_and_nothing_else()
    {
        var rules = _s.Props("AWS::EC2::SecurityGroup")["SecurityGroupIngress"]!.AsArray()
            .Select(r => $"{r!["IpProtocol"]} {r["FromPort"]}-{r["ToPort"]} from {r["CidrIp"]}").ToList();

        // RTP serves the Voice Connector (its media range) and the agents' browsers (WebRTC from anywhere by default) on one Asterisk range.
        rules.Should().BeEquivalentTo(
            "tcp 5061-5061 from 3.80.16.0/23", "udp 10000-20000 from 3.80.16.0/23", "tcp 8089-8089 from 0.0.0.0/0", "udp 10000-20000 from 0.0.0.0/0");
        _s.Resources("AWS::EC2::SecurityGroupIngress").Should().BeEmpty();
    }

    [Fact]
    public void Pbx_instance_runs_ubuntu_from_ssm_without_ssh_key_with_an_elastic_ip()
    {
        var instance = _s.Props("AWS::EC2::Instance");
        instance.ContainsKey("KeyName").Should().BeFalse();
        var imageParameter = Cfn.Text(instance["ImageId"]).Trim('$', '{', '}');
        var parameter = _s.Json["Parameters"]![imageParameter]!;
        parameter["Type"]!.GetValue<string>().Should().Be("AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>");
        parameter["Default"]!.GetValue<string>().Should().StartWith("/aws/service/canonical/ubuntu/server/");

        var association = _s.Props("AWS::EC2::EIPAssociation");
        Cfn.Text(association["AllocationId"]).Should().Be("${" + LogicalId("AWS::EC2::EIP", "PbxAddress") + ".AllocationId}");
        Cfn.Text(association["InstanceId"]).Should().Be("${" + LogicalId("AWS::EC2::Instance", "PbxInstance") + "}");
    }

    [Fact]
    public void Pbx_role_reads_departments_agents_and_their_secrets_uploads_voicemail_and_calls_polly_only()
    {
        var roleId = _s.Resources("AWS::IAM::Role").Single(r => r.Id.StartsWith("PbxRole", StringComparison.Ordinal)).Id;
        Cfn.Strings(_s.Json["Resources"]![roleId]!["Properties"]!["ManagedPolicyArns"])
            .Should().Equal("arn:${AWS::Partition}:iam::aws:policy/AmazonSSMManagedInstanceCore");
        var departments = "${" + LogicalId("AWS::DynamoDB::Table", "DirectoryDepartments") + ".Arn}";
        var agents = "${" + LogicalId("AWS::DynamoDB::Table", "DirectoryAgents") + ".Arn}";
        var bucket = "${" + LogicalId("AWS::S3::Bucket", "VoicemailBucket") + ".Arn}";
        var topic = "${" + LogicalId("AWS::SNS::Topic", "VoicemailTopic") + "}";
        var key = "${" + LogicalId("AWS::KMS::Key", "VoicemailKey") + ".Arn}";
        var grants = Grants(RoleStatements(roleId)).Where(g => !g.EndsWith("${AWS::NoValue}", StringComparison.Ordinal)).ToList();
        var bundle = grants.Should().ContainSingle(g => g.StartsWith("s3:GetObject on arn:${AWS::Partition}:s3:::cdk-", StringComparison.Ordinal) && g.EndsWith(".zip", StringComparison.Ordinal)).Subject;
        grants.Should().BeEquivalentTo(
            "polly:SynthesizeSpeech on *",
            $"dynamodb:Scan on {departments}", $"dynamodb:GetItem on {departments}",
            $"dynamodb:Scan on {agents}", $"dynamodb:GetItem on {agents}",
            "secretsmanager:GetSecretValue on arn:${AWS::Partition}:secretsmanager:us-east-1:111111111111:secret:IvrCallRouter/agents/*",
            $"s3:PutObject on {bucket}/voicemail/*",
            $"sns:Publish on {topic}",
            $"kms:GenerateDataKey on {key}", $"kms:Decrypt on {key}",
            bundle);
        // The key serves the host's S3 uploads and SNS publishing only; Decrypt only for SNS (a single PutObject needs none).
        var keyGrants = RoleStatements(roleId).Where(st => Cfn.Strings(st["Resource"]).Contains(key)).ToList();
        keyGrants.Select(st => (string.Join(',', Cfn.Strings(st["Action"])), st["Condition"]!.ToJsonString())).Should().BeEquivalentTo(new[]
        {
            ("kms:GenerateDataKey", """{"StringEquals":{"kms:ViaService":["s3.us-east-1.amazonaws.com","sns.us-east-1.amazonaws.com"]}}"""),
            ("kms:Decrypt", """{"StringEquals":{"kms:ViaService":["sns.us-east-1.amazonaws.com"]}}"""),
        });
        RoleStatements(roleId).Should().OnlyContain(st => keyGrants.Contains(st) || st["Condition"] == null);
    }

    [Fact]
    public void The_stack_makes_no_agent_secret_the_admin_api_makes_one_per_agent()
    {
        _s.Resources("AWS::SecretsManager::Secret").Should().BeEmpty("the shared agent account is gone");
        _s.Json["Outputs"]!["AgentSecretPrefix"]!["Value"]!.GetValue<string>().Should().Be("IvrCallRouter/agents/");
        _s.Json["Outputs"]!.AsObject().Select(o => o.Key).Should().NotContain("AgentSecretArn");
    }

    [Fact]
    public void Pbx_user_data_exports_the_settings_then_runs_the_pbx_script_verbatim()
    {
        var userData = Cfn.Text(_s.Props("AWS::EC2::Instance")["UserData"]);
        userData.Should().StartWith("#!/bin/bash\n");
        var exports = userData.Split('\n').Where(l => l.StartsWith("export IVR_", StringComparison.Ordinal)).ToList();
        exports.Should().BeEquivalentTo(
            "export IVR_REGION='us-east-1'",
            "export IVR_PUBLIC_IP='${" + LogicalId("AWS::EC2::EIP", "PbxAddress") + "}'",
            "export IVR_VOICE_CONNECTOR_HOST='${" + LogicalId("Custom::ChimeVoiceConnector", "ChimeVoiceConnector") + ".OutboundHostName}'",
            "export IVR_DEPARTMENTS_TABLE='${" + LogicalId("AWS::DynamoDB::Table", "DirectoryDepartments") + "}'",
            "export IVR_AGENTS_TABLE='${" + LogicalId("AWS::DynamoDB::Table", "DirectoryAgents") + "}'",
            "export IVR_AGENT_SECRET_PREFIX='IvrCallRouter/agents/'",
            "export IVR_VOICEMAIL_BUCKET='${" + LogicalId("AWS::S3::Bucket", "VoicemailBucket") + "}'",
            "export IVR_VOICEMAIL_TOPIC_ARN='${" + LogicalId("AWS::SNS::Topic", "VoicemailTopic") + "}'",
            "export IVR_QUEUE_STRATEGY='rrmemory'",
            "export IVR_QUEUE_MAX_WAIT_SECONDS='300'",
            "export IVR_QUEUE_LANGUAGE_WAIT_SECONDS='30'",
            "export IVR_VOICEMAIL_MAX_SECONDS='120'",
            "export IVR_POLLY_VOICE='Joanna'",
            "export IVR_POLLY_ENGINE='neural'",
            exports.Single(e => e.StartsWith("export IVR_PBX_BUNDLE_URL='s3://cdk-", StringComparison.Ordinal)),
            "export IVR_VOICE_CONNECTOR_ENCRYPTION='required'");
        var script = File.ReadAllText(Path.Combine(_s.Settings.PbxFolder, "host", "user-data.sh"));
        userData.TrimEnd().Should().EndWith(script.TrimEnd());
    }

    [Fact]
    public void Outputs_give_the_phone_number_the_wss_url_and_ssm_access()
    {
        var outputs = _s.Json["Outputs"]!.AsObject().ToDictionary(o => o.Key, o => Cfn.Text(o.Value!["Value"]));
        var eip = "${" + LogicalId("AWS::EC2::EIP", "PbxAddress") + "}";
        var instance = "${" + LogicalId("AWS::EC2::Instance", "PbxInstance") + "}";
        outputs["PhoneNumber"].Should().Be("${" + _s.Resources("Custom::ChimePhoneNumber")[0].Id + ".E164PhoneNumber}");
        outputs["AgentWssUrl"].Should().Be($"wss://{eip}:8089/ws");
        outputs["PbxInstanceId"].Should().Be(instance);
        outputs["PbxSessionCommand"].Should().Be($"aws ssm start-session --target {instance} --region us-east-1");
    }

    [Fact]
    public void Template_passes_cdk_assertions_for_the_key_resources()
    {
        // The same facts through Amazon.CDK.Assertions, as a guard on the JSON reading above.
        _s.Template.HasResourceProperties("AWS::Lambda::Url", new Dictionary<string, object> { ["AuthType"] = "AWS_IAM" });
        _s.Template.HasResourceProperties("AWS::Lambda::Function", new Dictionary<string, object>
        {
            ["Runtime"] = "provided.al2023",
            ["Environment"] = Match.ObjectLike(new Dictionary<string, object>
            {
                ["Variables"] = Match.ObjectLike(new Dictionary<string, object> { ["AWS_LWA_PASS_THROUGH_PATH"] = "/events" }),
            }),
        });
        _s.Template.ResourceCountIs("Custom::ChimeSipRule", 1);
        _s.Template.ResourceCountIs("AWS::Lex::BotVersion", 1);
    }

    [Fact]
    public void Only_the_admin_function_may_write_the_tables_the_seeding_aside()
    {
        string[] writes = ["dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem", "dynamodb:PartiQLInsert", "dynamodb:PartiQLUpdate", "dynamodb:PartiQLDelete"];
        var callPathRole = RoleOf(FunctionProps);
        var adminRole = RoleOf(AdminFunctionProps);
        callPathRole.Should().NotBe(adminRole);

        var writers = _s.Resources("AWS::IAM::Role").Select(r => r.Id)
            .Where(role => RoleStatements(role).Any(st => Cfn.Strings(st["Action"]).Intersect(writes).Any()))
            .ToList();

        RoleStatements(callPathRole).SelectMany(st => Cfn.Strings(st["Action"])).Should().NotContain(a => a.StartsWith("dynamodb:", StringComparison.Ordinal) && writes.Contains(a));
        writers.Should().Contain(adminRole);
        writers.Except([adminRole]).Should().Equal([LogicalId("AWS::IAM::Role", "DirectorySeedRole")],
            "apart from the admin function only the deploy-time seeding of departments.json writes rows");
    }

    [Fact]
    public void Admin_role_manages_its_tables_agents_and_their_secrets_reads_voicemail_and_its_log_group_only()
    {
        var departments = "${" + LogicalId("AWS::DynamoDB::Table", "DirectoryDepartments") + ".Arn}";
        var rules = "${" + LogicalId("AWS::DynamoDB::Table", "DirectoryRoutingRules") + ".Arn}";
        var agents = "${" + LogicalId("AWS::DynamoDB::Table", "DirectoryAgents") + ".Arn}";
        var logs = "${" + LogicalId("AWS::Logs::LogGroup", "AdminApiFunctionLogs") + ".Arn}";
        var bucket = "${" + LogicalId("AWS::S3::Bucket", "VoicemailBucket") + ".Arn}";
        var key = "${" + LogicalId("AWS::KMS::Key", "VoicemailKey") + ".Arn}";
        const string secrets = "arn:${AWS::Partition}:secretsmanager:us-east-1:111111111111:secret:IvrCallRouter/agents/*";
        string[] tableActions = ["dynamodb:Scan", "dynamodb:PutItem", "dynamodb:DeleteItem"];
        string[] agentActions = ["dynamodb:Scan", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"];
        string[] secretActions = ["secretsmanager:CreateSecret", "secretsmanager:PutSecretValue", "secretsmanager:DeleteSecret", "secretsmanager:DescribeSecret"];

        var roleId = RoleOf(AdminFunctionProps);
        _s.Json["Resources"]![roleId]!["Properties"]!["ManagedPolicyArns"].Should().BeNull();
        Grants(RoleStatements(roleId)).Where(g => !g.EndsWith("${AWS::NoValue}", StringComparison.Ordinal)).Should().BeEquivalentTo(
            tableActions.Select(a => $"{a} on {departments}")
                .Concat(tableActions.Select(a => $"{a} on {rules}"))
                .Concat(agentActions.Select(a => $"{a} on {agents}"))
                .Concat(secretActions.Select(a => $"{a} on {secrets}"))
                .Append($"s3:ListBucket on {bucket}")
                .Append($"s3:GetObject on {bucket}/voicemail/*")
                .Append($"kms:Decrypt on {key}")
                .Append($"logs:CreateLogStream on {logs}")
                .Append($"logs:PutLogEvents on {logs}"));

        // Listing only under voicemail/, decrypting only for S3: a presigned GET of a recording, nothing else.
        var statements = RoleStatements(roleId);
        statements.Single(st => Cfn.Strings(st["Action"]).Contains("s3:ListBucket"))["Condition"]!.ToJsonString()
            .Should().Be("""{"StringLike":{"s3:prefix":"voicemail/*"}}""");
        statements.Single(st => Cfn.Strings(st["Action"]).Contains("kms:Decrypt"))["Condition"]!.ToJsonString()
            .Should().Be("""{"StringEquals":{"kms:ViaService":["s3.us-east-1.amazonaws.com"]}}""");
    }

    [Fact]
    public void Admin_function_runs_the_same_package_in_admin_mode_behind_its_own_IAM_function_url()
    {
        var admin = AdminFunctionProps;
        var callPath = FunctionProps;
        Cfn.Text(admin["Code"]!["S3Key"]).Should().Be(Cfn.Text(callPath["Code"]!["S3Key"]), "one package, two modes");
        admin["Handler"]!.GetValue<string>().Should().Be("bootstrap");

        var env = admin["Environment"]!["Variables"]!.AsObject().ToDictionary(p => p.Key, p => Cfn.Text(p.Value));
        env.Should().Contain("Admin__Enabled", "true").And.Contain("Admin__Access", "FunctionUrlIam").And.Contain("CallPath__Enabled", "false")
            .And.Contain("Lex__PreloadSession", "false").And.Contain("Directory__Provider", "DynamoDb")
            .And.Contain("Directory__TableName", "${" + LogicalId("AWS::DynamoDB::Table", "DirectoryDepartments") + "}")
            .And.Contain("Directory__AgentsTable", "${" + LogicalId("AWS::DynamoDB::Table", "DirectoryAgents") + "}")
            .And.Contain("Agents__SecretStore", "SecretsManager")
            .And.Contain("Agents__SecretPrefix", "IvrCallRouter/agents/")
            .And.Contain("Voicemail__Bucket", "${" + LogicalId("AWS::S3::Bucket", "VoicemailBucket") + "}");
        callPath["Environment"]!["Variables"]!.AsObject().Select(p => p.Key).Should().NotContain(k => k.StartsWith("Admin__", StringComparison.Ordinal) || k.StartsWith("CallPath__", StringComparison.Ordinal),
            "the call path serves no admin API (off by default)");

        var urls = _s.Resources("AWS::Lambda::Url");
        urls.Should().HaveCount(2).And.OnlyContain(u => u.Resource["Properties"]!["AuthType"]!.GetValue<string>() == "AWS_IAM");
        Cfn.Text(_s.Json["Resources"]![LogicalId("AWS::Lambda::Url", "AdminApiFunctionLive")]!["Properties"]!["TargetFunctionArn"])
            .Should().Contain("AdminApiFunction");
        _s.Json["Outputs"]!["AdminUrl"].Should().NotBeNull();
    }

    [Fact]
    public void Only_the_call_path_function_may_be_invoked_by_chime_and_lex()
    {
        var permissions = _s.Resources("AWS::Lambda::Permission").Select(p => p.Resource["Properties"]!).ToList();
        permissions.Where(p => Cfn.Text(p["Principal"]) is "voiceconnector.chime.amazonaws.com" or "lexv2.amazonaws.com")
            .Should().NotBeEmpty().And.OnlyContain(p => !Cfn.Text(p["FunctionName"]).Contains("AdminApi", StringComparison.Ordinal));
    }
}
