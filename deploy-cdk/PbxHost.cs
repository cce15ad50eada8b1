using Amazon.CDK;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.S3.Assets;
using Constructs;

namespace IvrDeploy;

/// <summary>
/// The Asterisk host: an Ubuntu LTS instance in a public subnet with an Elastic IP, reachable on SIP/RTP from the
/// Chime Voice Connector ranges only and on WSS from agents' browsers; administered through SSM, never SSH.
/// </summary>
internal sealed class PbxHost : Construct
{
    public const int SipPort = 5060;
    public const int SipTlsPort = 5061;
    public const int AcmeHttpPort = 80;
    public const int RtpFirstPort = 10000;
    public const int RtpLastPort = 20000;
    public const int WssPort = 8089;

    // Canonical's public SSM parameter: resolved by CloudFormation at deploy time, no lookup at synth.
    private const string UbuntuAmiParameter = "/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id";

    public CfnEIP Address { get; }
    public Instance_ Instance { get; }
    public SecurityGroup SecurityGroup { get; }

    private readonly DeploySettings _settings;

    public PbxHost(Construct scope, string id, DeploySettings settings) : base(scope, id)
    {
        _settings = settings;
        var vpc = new Vpc(this, "Vpc", new VpcProps
        {
            MaxAzs = 1,
            NatGateways = 0,
            SubnetConfiguration = [new SubnetConfiguration { Name = "public", SubnetType = SubnetType.PUBLIC, CidrMask = 24 }],
            // Who talked to the PBX, accepted or rejected: the record a SIP scan or a toll-fraud attempt leaves.
            FlowLogs = new Dictionary<string, IFlowLogOptions>
            {
                ["FlowLogs"] = new FlowLogOptions
                {
                    Destination = FlowLogDestination.ToCloudWatchLogs(LogGroups.Create(this, "FlowLogsGroup", settings.LogRetentionDays)),
                    TrafficType = FlowLogTrafficType.ALL,
                },
            },
        });
        SecurityGroup = new SecurityGroup(this, "SecurityGroup", new SecurityGroupProps
        {
            Vpc = vpc,
            Description = "Asterisk PBX: SIP/RTP from Chime Voice Connector, WSS from agents",
            AllowAllOutbound = true,
        });
        var network = ChimeNetwork.For(Stack.Of(this).Region);
        foreach (var cidr in network.SignalingCidrs)
        {
            if (settings.VoiceConnectorEncryption)
            {
                SecurityGroup.AddIngressRule(Peer.Ipv4(cidr), Port.Tcp(SipTlsPort), "SIP over TLS from Chime Voice Connector");
            }
            else
            {
                SecurityGroup.AddIngressRule(Peer.Ipv4(cidr), Port.Udp(SipPort), "SIP from Chime Voice Connector (unencrypted, voiceConnectorEncryption=false)");
                SecurityGroup.AddIngressRule(Peer.Ipv4(cidr), Port.Tcp(SipPort), "SIP from Chime Voice Connector (unencrypted, voiceConnectorEncryption=false)");
            }
        }

        foreach (var cidr in network.MediaCidrs)
        {
            SecurityGroup.AddIngressRule(Peer.Ipv4(cidr), Port.UdpRange(RtpFirstPort, RtpLastPort), "RTP from Chime Voice Connector media ranges");
        }

        // Asterisk has one RTP range for both legs; the agents' WebRTC audio (ICE/DTLS-SRTP) comes from the agents'
        // networks, which are anywhere unless agentCidrs names them.
        foreach (var cidr in settings.AgentCidrs)
        {
            SecurityGroup.AddIngressRule(Peer.Ipv4(cidr), Port.UdpRange(RtpFirstPort, RtpLastPort), "WebRTC media from agents' browsers");
            SecurityGroup.AddIngressRule(Peer.Ipv4(cidr), Port.Tcp(WssPort), "WSS from agents' browser softphones");
        }

        if (settings.PbxHostName is not null)
        {
            // Let's Encrypt's HTTP-01 validation comes from addresses it does not publish; certbot listens only while it runs.
            SecurityGroup.AddIngressRule(Peer.AnyIpv4(), Port.Tcp(AcmeHttpPort), "Let's Encrypt HTTP-01 validation (certbot --standalone)");
        }

        Address = new CfnEIP(this, "Address", new CfnEIPProps { Domain = "vpc" });
        var role = new Role(this, "Role", new RoleProps { AssumedBy = new ServicePrincipal("ec2.amazonaws.com") });
        role.AddManagedPolicy(ManagedPolicy.FromAwsManagedPolicyName("AmazonSSMManagedInstanceCore"));
        // Prompts are synthesized on the host.
        role.AddToPolicy(new PolicyStatement(new PolicyStatementProps { Actions = ["polly:SynthesizeSpeech"], Resources = ["*"] }));

        Instance = new Instance_(this, "Instance", new InstanceProps
        {
            Vpc = vpc,
            VpcSubnets = new SubnetSelection { SubnetType = SubnetType.PUBLIC },
            SecurityGroup = SecurityGroup,
            InstanceType = new InstanceType(settings.PbxInstanceType),
            MachineImage = MachineImage.FromSsmParameter(UbuntuAmiParameter),
            Role = role,
            RequireImdsv2 = true,
            // The root volume holds pjsip.conf with the agents' passwords, the TLS key and the voicemail spool.
            BlockDevices =
            [
                new BlockDevice
                {
                    DeviceName = "/dev/sda1",
                    Volume = BlockDeviceVolume.Ebs(16, new EbsDeviceOptions { Encrypted = true, VolumeType = EbsDeviceVolumeType.GP3 }),
                },
            ],
            // User data runs at first boot only: a changed configuration needs a new instance (the EIP moves with it).
            UserDataCausesReplacement = true,
        });
        new CfnEIPAssociation(this, "AddressAssociation", new CfnEIPAssociationProps
        {
            AllocationId = Address.AttrAllocationId,
            InstanceId = Instance.InstanceId,
        });
    }

    /// <summary>
    /// Ships the pbx/ folder and configures the host through user data (exports, then pbx/host/user-data.sh verbatim).
    /// The host follows the directory at run time (departments and agents from their tables, each agent's password from
    /// its secret) and uploads voicemail; its role may make exactly those calls, besides Polly and its bundle.
    /// </summary>
    public void Configure(string voiceConnectorHost, DepartmentDirectory directory, AgentSecrets agentSecrets, Voicemail voicemail)
    {
        var settings = _settings;
        directory.GrantPbxRead(Instance.Role);
        agentSecrets.GrantRead(Instance.Role);
        voicemail.GrantPbxUpload(Instance.Role);
        var bundle = new Asset(this, "Bundle", new AssetProps { Path = settings.PbxFolder, Exclude = ["node_modules", "artifacts", "tests"] });
        Instance.Role.AddToPrincipalPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["s3:GetObject"],
            Resources = [bundle.Bucket.ArnForObjects(bundle.S3ObjectKey)],
        }));

        var exports = new Dictionary<string, string>
        {
            ["IVR_REGION"] = Stack.Of(this).Region,
            ["IVR_PUBLIC_IP"] = Address.Ref,
            ["IVR_VOICE_CONNECTOR_HOST"] = voiceConnectorHost,
            ["IVR_DEPARTMENTS_TABLE"] = directory.DepartmentTable.TableName,
            ["IVR_AGENTS_TABLE"] = directory.AgentsTable.TableName,
            ["IVR_AGENT_SECRET_PREFIX"] = agentSecrets.Prefix,
            ["IVR_VOICEMAIL_BUCKET"] = voicemail.Bucket.BucketName,
            ["IVR_VOICEMAIL_TOPIC_ARN"] = voicemail.Topic.TopicArn,
            ["IVR_QUEUE_STRATEGY"] = settings.QueueStrategy,
            ["IVR_QUEUE_MAX_WAIT_SECONDS"] = settings.QueueMaxWaitSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["IVR_QUEUE_LANGUAGE_WAIT_SECONDS"] = settings.QueueLanguageWaitSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["IVR_VOICEMAIL_MAX_SECONDS"] = settings.VoicemailMaxSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["IVR_POLLY_VOICE"] = settings.PollyVoice,
            ["IVR_POLLY_ENGINE"] = settings.PollyEngine,
            ["IVR_PBX_BUNDLE_URL"] = bundle.S3ObjectUrl,
            ["IVR_VOICE_CONNECTOR_ENCRYPTION"] = settings.VoiceConnectorEncryption ? "required" : "off",
        };
        if (settings.PbxHostName is { } hostName) exports["IVR_PBX_HOST_NAME"] = hostName;
        Instance.UserData.AddCommands(exports.Select(e => $"export {e.Key}={ShellQuote(e.Value)}").ToArray());
        // The instance boots on a temporary public address; wait until the Elastic IP is attached so that
        // downloads in the PBX setup are not cut when the address changes.
        Instance.UserData.AddCommands(
            "for _ in $(seq 120); do t=$(curl -sf -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 60' http://169.254.169.254/latest/api/token) "
            + "&& [ \"$(curl -sf -H \"X-aws-ec2-metadata-token: $t\" http://169.254.169.254/latest/meta-data/public-ipv4)\" = \"$IVR_PUBLIC_IP\" ] && break; sleep 5; done");
        Instance.UserData.AddCommands(File.ReadAllText(Path.Combine(settings.PbxFolder, "host", "user-data.sh")));
    }

    private static string ShellQuote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
