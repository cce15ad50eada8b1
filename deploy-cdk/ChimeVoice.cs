using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.CustomResources;
using Constructs;

namespace IvrDeploy;

/// <summary>
/// Chime SDK Voice resources, which CloudFormation cannot create in CDK 2.160: the Voice Connector that carries
/// calls to the PBX, the SIP media application that runs IvrApi, the phone number and the SIP rule joining them.
/// Single API calls use AwsCustomResource; the slow phone-number order and the two-step SIP-rule delete use the
/// Provider framework with the handler in chime-provisioner/.
/// </summary>
internal sealed class ChimeVoice : Construct
{
    public string VoiceConnectorId { get; }
    public string VoiceConnectorArn { get; }
    public string VoiceConnectorHost { get; }
    public string SipMediaApplicationArn { get; private set; } = "";
    public string PhoneNumber { get; private set; } = "";

    public ChimeVoice(Construct scope, string id) : base(scope, id)
    {
        var stack = Stack.Of(this);
        var voiceConnector = new AwsCustomResource(this, "VoiceConnector", new AwsCustomResourceProps
        {
            InstallLatestAwsSdk = false,
            OnCreate = new AwsSdkCall
            {
                Service = "ChimeSDKVoice",
                Action = "createVoiceConnector",
                Parameters = new Dictionary<string, object>
                {
                    ["Name"] = $"{stack.StackName}-pbx",
                    ["AwsRegion"] = stack.Region,
                    // The PBX takes plain SIP on 5060 (UDP/TCP); encryption would require TLS and SRTP on Asterisk.
                    ["RequireEncryption"] = false,
                },
                PhysicalResourceId = PhysicalResourceId.FromResponse("VoiceConnector.VoiceConnectorId"),
                OutputPaths = ["VoiceConnector.VoiceConnectorId", "VoiceConnector.VoiceConnectorArn", "VoiceConnector.OutboundHostName"],
            },
            OnDelete = new AwsSdkCall
            {
                Service = "ChimeSDKVoice",
                Action = "deleteVoiceConnector",
                Parameters = new Dictionary<string, object> { ["VoiceConnectorId"] = new PhysicalResourceIdReference() },
            },
            // The new connector's own ARN is known only after this resource exists, so the delete covers this
            // account's and region's connectors (SAR: DeleteVoiceConnector requires the voice-connector resource).
            Policy = AwsCustomResourcePolicy.FromStatements(
            [
                ChimeStatement(["*"], "chime:CreateVoiceConnector"),
                ChimeStatement([ChimeArn("vc", "*")], "chime:DeleteVoiceConnector"),
            ]),
        });
        VoiceConnectorId = voiceConnector.GetResponseField("VoiceConnector.VoiceConnectorId");
        VoiceConnectorArn = voiceConnector.GetResponseField("VoiceConnector.VoiceConnectorArn");
        VoiceConnectorHost = voiceConnector.GetResponseField("VoiceConnector.OutboundHostName");
    }

    /// <summary>Sends calls bridged to the Voice Connector on to the PBX at <paramref name="pbxAddress"/> (its Elastic IP).</summary>
    public void OriginateTo(string pbxAddress)
    {
        var put = new AwsSdkCall
        {
            Service = "ChimeSDKVoice",
            Action = "putVoiceConnectorOrigination",
            Parameters = new Dictionary<string, object>
            {
                ["VoiceConnectorId"] = VoiceConnectorId,
                ["Origination"] = new Dictionary<string, object>
                {
                    ["Disabled"] = false,
                    ["Routes"] = new object[]
                    {
                        new Dictionary<string, object> { ["Host"] = pbxAddress, ["Port"] = 5060, ["Protocol"] = "UDP", ["Priority"] = 1, ["Weight"] = 1 },
                    },
                },
            },
            PhysicalResourceId = PhysicalResourceId.Of(VoiceConnectorId + "-origination"),
        };
        new AwsCustomResource(this, "Origination", new AwsCustomResourceProps
        {
            InstallLatestAwsSdk = false,
            OnCreate = put,
            OnUpdate = put,
            // Removed before the Voice Connector, which it references.
            OnDelete = new AwsSdkCall
            {
                Service = "ChimeSDKVoice",
                Action = "deleteVoiceConnectorOrigination",
                Parameters = new Dictionary<string, object> { ["VoiceConnectorId"] = VoiceConnectorId },
            },
            Policy = AwsCustomResourcePolicy.FromStatements(
                [ChimeStatement([ChimeArn("vc", VoiceConnectorId)], "chime:PutVoiceConnectorOrigination", "chime:DeleteVoiceConnectorOrigination")]),
        });
    }

    /// <summary>
    /// Creates the SIP media application on <paramref name="handler"/>, takes the phone number (the given one, or a
    /// new order) and adds the SIP rule that sends calls to that number into the application.
    /// </summary>
    public void AnswerCalls(IvrApiFunction handler, DeploySettings settings)
    {
        var stack = Stack.Of(this);
        var sipMediaApplication = new AwsCustomResource(this, "SipMediaApplication", new AwsCustomResourceProps
        {
            InstallLatestAwsSdk = false,
            OnCreate = new AwsSdkCall
            {
                Service = "ChimeSDKVoice",
                Action = "createSipMediaApplication",
                Parameters = new Dictionary<string, object>
                {
                    ["Name"] = $"{stack.StackName}-ivr",
                    ["AwsRegion"] = stack.Region,
                    ["Endpoints"] = new object[] { new Dictionary<string, object> { ["LambdaArn"] = handler.Alias.FunctionArn } },
                },
                PhysicalResourceId = PhysicalResourceId.FromResponse("SipMediaApplication.SipMediaApplicationId"),
                OutputPaths = ["SipMediaApplication.SipMediaApplicationId", "SipMediaApplication.SipMediaApplicationArn"],
            },
            OnDelete = new AwsSdkCall
            {
                Service = "ChimeSDKVoice",
                Action = "deleteSipMediaApplication",
                Parameters = new Dictionary<string, object> { ["SipMediaApplicationId"] = new PhysicalResourceIdReference() },
            },
            Policy = AwsCustomResourcePolicy.FromStatements(
            [
                ChimeStatement(["*"], "chime:CreateSipMediaApplication"),
                ChimeStatement([ChimeArn("sma", "*")], "chime:DeleteSipMediaApplication"),
                // CreateSipMediaApplication checks (and may add) the endpoint's invoke permission with the caller's rights.
                new PolicyStatement(new PolicyStatementProps
                {
                    Actions = ["lambda:GetPolicy", "lambda:AddPermission"],
                    Resources = [handler.Alias.FunctionArn],
                }),
            ]),
        });
        var sipMediaApplicationId = sipMediaApplication.GetResponseField("SipMediaApplication.SipMediaApplicationId");
        // Built from the id rather than read from the response, so IAM policies name it in a form checkable offline.
        SipMediaApplicationArn = ChimeArn("sma", sipMediaApplicationId);

        var provider = Provisioner(settings, SipMediaApplicationArn);
        PhoneNumber = settings.PhoneNumber ?? OrderPhoneNumber(provider, settings);
        new CustomResource(this, "SipRule", new CustomResourceProps
        {
            ServiceToken = provider.ServiceToken,
            ResourceType = "Custom::ChimeSipRule",
            Properties = new Dictionary<string, object>
            {
                ["Name"] = $"{stack.StackName}-inbound",
                ["TriggerType"] = "ToPhoneNumber",
                ["TriggerValue"] = PhoneNumber,
                ["SipMediaApplicationId"] = sipMediaApplicationId,
                ["AwsRegion"] = stack.Region,
            },
        });
    }

    private string OrderPhoneNumber(Provider provider, DeploySettings settings)
    {
        // US searches need at least one of AreaCode, City, State or TollFreePrefix
        // (https://docs.aws.amazon.com/chime-sdk/latest/APIReference/API_voice-chime_SearchAvailablePhoneNumbers.html):
        // a local number where an area code or state is given, otherwise a toll-free one.
        var local = settings.PhoneAreaCode is not null || settings.PhoneState is not null;
        var search = new Dictionary<string, object>
        {
            ["ProductType"] = "SipMediaApplicationDialIn",
            ["PhoneNumberType"] = local ? "Local" : "TollFree",
            ["Country"] = settings.PhoneCountry,
        };
        if (settings.PhoneAreaCode is { } areaCode) search["AreaCode"] = areaCode;
        if (settings.PhoneState is { } state) search["State"] = state;
        if (!local) search["TollFreePrefix"] = settings.PhoneTollFreePrefix;

        var number = new CustomResource(this, "PhoneNumber", new CustomResourceProps
        {
            ServiceToken = provider.ServiceToken,
            ResourceType = "Custom::ChimePhoneNumber",
            Properties = search,
            // A bought number outlives the stack unless the operator asks to release it.
            RemovalPolicy = settings.ReleasePhoneNumberOnDelete ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
        });
        return number.GetAttString("E164PhoneNumber");
    }

    private Provider Provisioner(DeploySettings settings, string sipMediaApplicationArn)
    {
        Function Handler(string id, string handler, params PolicyStatement[] statements)
        {
            var function = new Function(this, id, new FunctionProps
            {
                // Raised to a supported Node.js by NodeRuntime (IvrStack), with CDK's own handlers.
                Runtime = Runtime.NODEJS_20_X,
                Handler = handler,
                Code = Code.FromAsset(Path.Combine(settings.RepositoryRoot, "deploy-cdk", "chime-provisioner"),
                    new Amazon.CDK.AWS.S3.Assets.AssetOptions { Exclude = ["*.test.mjs"] }),
                // Search, order and a SIP-rule create retried while a fresh number settles fit well inside this.
                Timeout = Duration.Minutes(5),
                LogGroup = LogGroups.Create(this, id + "Logs", settings.LogRetentionDays),
            });
            foreach (var statement in statements) function.AddToRolePolicy(statement);
            return function;
        }

        return new Provider(this, "Provisioner", new ProviderProps
        {
            // Exactly the calls provisioner.mjs makes; SIP rules only for this stack's SIP media application.
            OnEventHandler = Handler("ProvisionerOnEvent", "index.onEvent",
                ChimeStatement(["*"], "chime:SearchAvailablePhoneNumbers", "chime:CreatePhoneNumberOrder", "chime:DeletePhoneNumber", "chime:DeleteSipRule"),
                ChimeStatement([sipMediaApplicationArn], "chime:CreateSipRule", "chime:UpdateSipRule")),
            IsCompleteHandler = Handler("ProvisionerIsComplete", "index.isComplete", ChimeStatement(["*"], "chime:GetPhoneNumberOrder")),
            // Orders can sit in Processing for minutes; give up (and fail the deploy) after half an hour.
            QueryInterval = Duration.Seconds(15),
            TotalTimeout = Duration.Minutes(30),
            // The waiter's logging grants CloudWatch Logs actions on "*"; its handlers log to their own groups.
            DisableWaiterStateMachineLogging = true,
        });
    }

    /// <summary>
    /// A statement for Chime SDK Voice actions on <paramref name="resources"/>: "*" only for actions the Service
    /// Authorization Reference gives no resource type (create, search, phone-number and order calls).
    /// </summary>
    private static PolicyStatement ChimeStatement(string[] resources, params string[] actions) =>
        new(new PolicyStatementProps { Actions = actions, Resources = resources });

    /// <summary>arn:aws:chime:region:account:vc/ID or sma/ID, the forms of the Service Authorization Reference.</summary>
    private string ChimeArn(string resource, string id) => Stack.Of(this).FormatArn(new ArnComponents
    {
        Service = "chime",
        Resource = resource,
        ResourceName = id,
        ArnFormat = ArnFormat.SLASH_RESOURCE_NAME,
    });
}
