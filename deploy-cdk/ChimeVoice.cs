using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.CustomResources;
using Constructs;

namespace IvrDeploy;

/// <summary>
/// Chime SDK Voice resources, which CloudFormation cannot create in CDK 2.160: the Voice Connector that carries
/// calls to the PBX, the SIP media application that runs IvrApi, the phone number and the SIP rule joining them.
/// All are custom resources of the Provider framework with the handler in chime-provisioner/, whose role holds the
/// Chime SDK Voice calls that handler makes and nothing else.
/// </summary>
internal sealed class ChimeVoice : Construct
{
    private readonly Provider provider;

    public string VoiceConnectorId { get; }
    public string VoiceConnectorArn { get; }
    public string VoiceConnectorHost { get; }
    public string SipMediaApplicationArn { get; private set; } = "";
    public string PhoneNumber { get; private set; } = "";

    public ChimeVoice(Construct scope, string id, DeploySettings settings, IvrApiFunction handler) : base(scope, id)
    {
        var stack = Stack.Of(this);
        provider = Provisioner(settings, handler);
        var voiceConnector = Resource("VoiceConnector", "Custom::ChimeVoiceConnector", new Dictionary<string, object>
        {
            ["Name"] = $"{stack.StackName}-pbx",
            ["AwsRegion"] = stack.Region,
            // TLS signalling and SRTP media to the PBX (and nothing unencrypted), unless the operator opts out.
            ["RequireEncryption"] = settings.VoiceConnectorEncryption ? "true" : "false",
        });
        VoiceConnectorId = voiceConnector.GetAttString("VoiceConnectorId");
        VoiceConnectorArn = voiceConnector.GetAttString("VoiceConnectorArn");
        VoiceConnectorHost = voiceConnector.GetAttString("OutboundHostName");
    }

    /// <summary>
    /// Sends calls bridged to the Voice Connector on to the PBX at <paramref name="pbxAddress"/> (its Elastic IP or
    /// host name): over TLS to 5061 when encryption is required (the route's protocol is then TCP,
    /// https://docs.aws.amazon.com/chime-sdk/latest/APIReference/API_voice-chime_OriginationRoute.html), else UDP to 5060.
    /// </summary>
    public void OriginateTo(string pbxAddress, bool encrypted) =>
        // Removed before the Voice Connector, which it references.
        Resource("Origination", "Custom::ChimeVoiceConnectorOrigination", new Dictionary<string, object>
        {
            ["VoiceConnectorId"] = VoiceConnectorId,
            ["Host"] = pbxAddress,
            ["Port"] = (encrypted ? PbxHost.SipTlsPort : PbxHost.SipPort).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Protocol"] = encrypted ? "TCP" : "UDP",
        });

    /// <summary>
    /// Creates the SIP media application on <paramref name="handler"/>, takes the phone number (the given one, or a
    /// new order) and adds the SIP rule that sends calls to that number into the application.
    /// </summary>
    public void AnswerCalls(IvrApiFunction handler, DeploySettings settings)
    {
        var stack = Stack.Of(this);
        var sipMediaApplication = Resource("SipMediaApplication", "Custom::ChimeSipMediaApplication", new Dictionary<string, object>
        {
            ["Name"] = $"{stack.StackName}-ivr",
            ["AwsRegion"] = stack.Region,
            ["LambdaArn"] = handler.Alias.FunctionArn,
        });
        var sipMediaApplicationId = sipMediaApplication.GetAttString("SipMediaApplicationId");
        // Built from the id rather than read from the response, so IAM policies name it in a form checkable offline.
        SipMediaApplicationArn = ChimeArn("sma", sipMediaApplicationId);

        PhoneNumber = settings.PhoneNumber ?? OrderPhoneNumber(settings);
        Resource("SipRule", "Custom::ChimeSipRule", new Dictionary<string, object>
        {
            ["Name"] = $"{stack.StackName}-inbound",
            ["TriggerType"] = "ToPhoneNumber",
            ["TriggerValue"] = PhoneNumber,
            ["SipMediaApplicationId"] = sipMediaApplicationId,
            ["AwsRegion"] = stack.Region,
        });
    }

    private CustomResource Resource(string id, string resourceType, Dictionary<string, object> properties, RemovalPolicy removalPolicy = RemovalPolicy.DESTROY) =>
        new(this, id, new CustomResourceProps
        {
            ServiceToken = provider.ServiceToken,
            ResourceType = resourceType,
            Properties = properties,
            RemovalPolicy = removalPolicy,
        });

    private string OrderPhoneNumber(DeploySettings settings)
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

        // A bought number outlives the stack unless the operator asks to release it.
        var number = Resource("PhoneNumber", "Custom::ChimePhoneNumber", search,
            settings.ReleasePhoneNumberOnDelete ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN);
        return number.GetAttString("E164PhoneNumber");
    }

    private Provider Provisioner(DeploySettings settings, IvrApiFunction handler)
    {
        Function Handler(string id, string handler, params PolicyStatement[] statements)
        {
            var logGroup = LogGroups.Create(this, id + "Logs", settings.LogRetentionDays);
            var function = new Function(this, id, new FunctionProps
            {
                // Raised to a supported Node.js by NodeRuntime (IvrStack), with CDK's own handlers.
                Runtime = Runtime.NODEJS_20_X,
                Handler = handler,
                Code = Code.FromAsset(Path.Combine(settings.RepositoryRoot, "deploy-cdk", "chime-provisioner"),
                    new Amazon.CDK.AWS.S3.Assets.AssetOptions { Exclude = ["*.test.mjs"] }),
                // Search, order and a SIP-rule create retried while a fresh number settles fit well inside this.
                Timeout = Duration.Minutes(5),
                LogGroup = logGroup,
                Role = LogGroups.LambdaRole(this, id + "ServiceRole", logGroup),
            });
            foreach (var statement in statements) function.AddToRolePolicy(statement);
            return function;
        }

        // DeleteSipRule and DeletePhoneNumber take no resource ARN (Service Authorization Reference), so "*" it is, held to
        // this stack's region; DeletePhoneNumber only where the stack may release the number it ordered.
        string[] deletes = settings.ReleasePhoneNumberOnDelete && settings.PhoneNumber is null
            ? ["chime:DeleteSipRule", "chime:DeletePhoneNumber"]
            : ["chime:DeleteSipRule"];
        var frameworkLogs = LogGroups.Create(this, "ProvisionerFrameworkLogs", settings.LogRetentionDays);
        var provider = new Provider(this, "Provisioner", new ProviderProps
        {
            // Exactly the calls provisioner.mjs makes. The connector and application this handler creates cannot be
            // named in its own policy (they need the handler first), so those are this account's and region's.
            OnEventHandler = Handler("ProvisionerOnEvent", "index.onEvent",
                ChimeStatement(["*"], "chime:CreateVoiceConnector", "chime:CreateSipMediaApplication",
                    "chime:SearchAvailablePhoneNumbers", "chime:CreatePhoneNumberOrder"),
                new PolicyStatement(new PolicyStatementProps
                {
                    Actions = deletes,
                    Resources = ["*"],
                    Conditions = new Dictionary<string, object>
                    {
                        ["StringEquals"] = new Dictionary<string, object> { ["aws:RequestedRegion"] = Stack.Of(this).Region },
                    },
                }),
                ChimeStatement([ChimeArn("vc", "*")], "chime:UpdateVoiceConnector", "chime:DeleteVoiceConnector",
                    "chime:PutVoiceConnectorOrigination", "chime:DeleteVoiceConnectorOrigination"),
                ChimeStatement([ChimeArn("sma", "*")], "chime:UpdateSipMediaApplication", "chime:DeleteSipMediaApplication",
                    "chime:CreateSipRule", "chime:UpdateSipRule"),
                // CreateSipMediaApplication checks (and may add) the endpoint's invoke permission with the caller's rights.
                // The alias is named by its ARN text: IvrApi's settings need the Voice Connector this handler makes.
                new PolicyStatement(new PolicyStatementProps
                {
                    Actions = ["lambda:GetPolicy", "lambda:AddPermission"],
                    Resources = [handler.AliasArnByName],
                })),
            IsCompleteHandler = Handler("ProvisionerIsComplete", "index.isComplete", ChimeStatement(["*"], "chime:GetPhoneNumberOrder")),
            // Orders can sit in Processing for minutes; give up (and fail the deploy) after half an hour.
            QueryInterval = Duration.Seconds(15),
            TotalTimeout = Duration.Minutes(30),
            // The waiter's logging grants CloudWatch Logs actions on "*"; its handlers log to their own groups.
            DisableWaiterStateMachineLogging = true,
            // The framework's own functions (onEvent, isComplete, onTimeout) log to one expiring group.
            LogGroup = frameworkLogs,
        });

        // Their roles (one each: a shared one would be a cycle through the waiter state machine) come with
        // AWSLambdaBasicExecutionRole, logs actions on every log group; they write to the framework's group instead.
        foreach (var role in provider.Node.FindAll().OfType<Role>())
        {
            if (role.Node.DefaultChild is CfnRole { ManagedPolicyArns: not null } cfnRole)
            {
                cfnRole.AddPropertyDeletionOverride("ManagedPolicyArns");
                frameworkLogs.GrantWrite(role);
            }
        }

        return provider;
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
