using Amazon.CDK;
using Constructs;

namespace IvrDeploy;

/// <summary>
/// The whole call router in one stack: department directory (departments, routing rules, agents), IvrApi on Lambda, the
/// Lex bot, the Chime SDK Voice resources, the Asterisk PBX host and its voicemail store.
/// </summary>
internal sealed class IvrStack : Stack
{
    public IvrStack(Construct scope, string id, IReadOnlyList<Department> departments, DeploySettings settings, IStackProps? props = null)
        : base(scope, id, props)
    {
        DeploySettingsValidation.ThrowIfUnsupported(Region);

        var directory = new DepartmentDirectory(this, "Directory", departments, settings);
        var api = new IvrApiFunction(this, "IvrApi", settings);
        var bot = new CallRoutingBot(this, "CallRouting", departments, settings, codeHookArn: api.AliasArnByName);
        var chime = new ChimeVoice(this, "Chime", settings, api);
        var pbx = new PbxHost(this, "Pbx", settings);
        var agentSecrets = new AgentSecrets(this);
        var voicemail = new Voicemail(this, "Voicemail", settings);

        // TLS to the host name when there is one: that is the name the PBX's certificate carries.
        chime.OriginateTo(settings.PbxHostName ?? pbx.Address.Ref, settings.VoiceConnectorEncryption);
        chime.AnswerCalls(api, settings);
        pbx.Configure(chime.VoiceConnectorHost, directory, agentSecrets, voicemail);

        api.AddSettings(new Dictionary<string, string>
        {
            ["Directory__Provider"] = "DynamoDb",
            ["Directory__TableName"] = directory.DepartmentTable.TableName,
            ["Directory__RulesTableName"] = directory.RulesTable.TableName,
            ["Sma__VoiceConnectorArn"] = chime.VoiceConnectorArn,
            ["Lex__BotAliasArn"] = bot.Alias.AttrArn,
        });
        directory.GrantRead(api.Function);
        var admin = new AdminApi(this, "AdminApi", settings, directory, agentSecrets, voicemail);
        bot.GrantPutSession(api.Function);
        api.AllowInvoke("ChimeInvoke", "voiceconnector.chime.amazonaws.com", chime.SipMediaApplicationArn);
        api.AllowInvoke("LexInvoke", "lexv2.amazonaws.com", bot.Alias.AttrArn);
        bot.AllowStartConversation();
        _ = new Monitoring(this, "Monitoring", api, directory, settings);

        Aspects.Of(this).Add(new NodeRuntime());

        Output("PhoneNumber", chime.PhoneNumber, "Call this number");
        Output("AgentWssUrl", $"wss://{settings.PbxHostName ?? pbx.Address.Ref}:{PbxHost.WssPort}/ws", "WebSocket URL for the browser softphone");
        Output("AgentSecretPrefix", agentSecrets.Prefix, "Each agent's SIP password is the Secrets Manager secret <prefix><agent_id>, made by the admin API");
        Output("PbxAddress", pbx.Address.Ref, "Elastic IP of the PBX (point pbxHostName's A record here)");
        Output("PbxInstanceId", pbx.Instance.InstanceId, "Asterisk host");
        Output("PbxSessionCommand", $"aws ssm start-session --target {pbx.Instance.InstanceId} --region {Region}", "Shell on the Asterisk host");
        Output("DepartmentTableName", directory.DepartmentTable.TableName, "DynamoDB department table");
        Output("AgentsTableName", directory.AgentsTable.TableName, "DynamoDB agents table (written through the admin API)");
        Output("VoicemailBucketName", voicemail.Bucket.BucketName, "S3 bucket of the voicemail recordings (voicemail/<department>/)");
        Output("VoicemailTopicArn", voicemail.Topic.TopicArn, "SNS topic notified of each new voicemail (-c voicemailEmail subscribes an address)");
        Output("FunctionUrl", api.Url.Url, "IvrApi HTTP endpoint (AWS_IAM auth: SigV4-sign requests)");
        Output("AdminUrl", admin.Api.Url.Url, "Route admin API (AWS_IAM auth: SigV4-sign requests); the only writer of the tables");
        Output("AdminPolicyArn", admin.AccessPolicy.ManagedPolicyArn, "Attach to the IAM users or roles that administer routes");
        Output("BotAliasArn", bot.Alias.AttrArn, "Lex bot alias used for calls");
    }

    /// <summary>
    /// The region's first availability zone, resolved by CloudFormation (Fn::GetAZs). The default would look the
    /// zones up at synth time, which needs AWS credentials.
    /// </summary>
    public override string[] AvailabilityZones => [Fn.Select(0, Fn.GetAzs())];

    private void Output(string id, string value, string description) =>
        _ = new CfnOutput(this, id, new CfnOutputProps { Value = value, Description = description });
}
