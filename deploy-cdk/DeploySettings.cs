using Constructs;

namespace IvrDeploy;

/// <summary>
/// What an operator may change, read from CDK context (`-c key=value` or cdk.json "context").
/// Defaults are the documented deployment; file paths are resolved against the repository root.
/// </summary>
internal sealed record DeploySettings
{
    /// <summary>Regions with PSTN audio (SIP media applications and SIP rules).</summary>
    public static readonly IReadOnlyList<string> SupportedRegions = ["us-east-1", "us-west-2"];

    public required string RepositoryRoot { get; init; }

    /// <summary>IvrApi package: a zip (or directory) with the Native AOT `bootstrap` at its root.</summary>
    public required string LambdaCode { get; init; }

    /// <summary>No package was built: the placeholder bootstrap, which answers no call, stands in (synthesis only; deploy.sh refuses it).</summary>
    public bool LambdaIsPlaceholder { get; init; }

    /// <summary>The pbx/ folder shipped to the Asterisk host; must contain host/user-data.sh.</summary>
    public required string PbxFolder { get; init; }

    public string DepartmentsFile => Path.Combine(RepositoryRoot, "IvrApi", "departments.json");

    /// <summary>An E.164 number already in the account's inventory (product type SIP media application dial-in); none orders one.</summary>
    public string? PhoneNumber { get; init; }

    public string PhoneCountry { get; init; } = "US";
    public string? PhoneAreaCode { get; init; }
    public string? PhoneState { get; init; }

    /// <summary>Toll-free prefix searched when neither an area code nor a state is given; 833 is the newest US toll-free code, with the most numbers free.</summary>
    public string PhoneTollFreePrefix { get; init; } = "833";

    /// <summary>Release an ordered number when the stack is deleted; by default it is kept (numbers are scarce and sit 7 days in a deletion queue).</summary>
    public bool ReleasePhoneNumberOnDelete { get; init; }

    /// <summary>Where IvrApi sends callers it cannot place (service voiceConnector|pstnNumber, number); none keeps IvrApi's defaults.</summary>
    public string? OperatorService { get; init; }
    public string? OperatorNumber { get; init; }

    public string PollyVoice { get; init; } = "Joanna";
    public string PollyEngine { get; init; } = "neural";

    /// <summary>AWS Lambda Web Adapter layer version (x86_64), pinned (layer ARNs: https://github.com/awslabs/aws-lambda-web-adapter).</summary>
    public int WebAdapterLayerVersion { get; init; } = 26;

    public string PbxInstanceType { get; init; } = "t3.small";

    public int LogRetentionDays { get; init; } = 30;

    /// <summary>Delete both tables (and every route written through the admin API) with the stack; by default they are kept.</summary>
    public bool RemoveTablesOnDelete { get; init; }

    /// <summary>
    /// TLS signalling and SRTP media between the Voice Connector and the PBX (RequireEncryption); false is the
    /// explicit choice of plain SIP on UDP/TCP 5060 and RTP.
    /// </summary>
    public bool VoiceConnectorEncryption { get; init; } = true;

    /// <summary>A DNS name the operator points at the PBX's Elastic IP: the host gets a Let's Encrypt certificate for it; none keeps a self-signed one.</summary>
    public string? PbxHostName { get; init; }

    /// <summary>Networks the agents' browsers connect from (WSS and WebRTC media); by default anywhere.</summary>
    public IReadOnlyList<string> AgentCidrs { get; init; } = ["0.0.0.0/0"];

    /// <summary>E.164 prefixes every PSTN destination must start with (IvrApi's Routing:PstnAllowedPrefixes), set explicitly on both functions.</summary>
    public string PstnAllowedPrefixes { get; init; } = "+1";

    /// <summary>Comma-separated E.164 numbers that answer in Spanish (IvrApi's Routing:SpanishNumbers); none: all English.</summary>
    public string? SpanishNumbers { get; init; }

    /// <summary>Offer the other language at the greeting, key 9 or its name (IvrApi's Routing:OfferLanguageChoice).</summary>
    public bool OfferLanguageChoice { get; init; }

    /// <summary>Days a voicemail recording is kept in the bucket before S3 expires it (lifecycle rule).</summary>
    public int VoicemailRetentionDays { get; init; } = 90;

    /// <summary>Where new-voicemail notifications go (an SNS email subscription, confirmed from the first email); none: the topic only.</summary>
    public string? VoicemailEmail { get; init; }

    /// <summary>Longest voicemail recording in seconds (the PBX's IVR_VOICEMAIL_MAX_SECONDS).</summary>
    public int VoicemailMaxSeconds { get; init; } = 120;

    /// <summary>app_queue ring strategy of every department queue (the PBX's IVR_QUEUE_STRATEGY).</summary>
    public string QueueStrategy { get; init; } = "rrmemory";

    /// <summary>Longest a caller waits in a department queue before voicemail, unless the department sets its own (IVR_QUEUE_MAX_WAIT_SECONDS).</summary>
    public int QueueMaxWaitSeconds { get; init; } = 300;

    /// <summary>How long a department rings only agents who speak the caller's language before any agent may answer; 0: no preference (IVR_QUEUE_LANGUAGE_WAIT_SECONDS).</summary>
    public int QueueLanguageWaitSeconds { get; init; } = 30;

    /// <summary>Where alarm notifications go (an SNS email subscription, confirmed from the first email); none: the topic only.</summary>
    public string? AlarmEmail { get; init; }

    /// <summary>Alarm when more than this share of calls (percent) went to the operator over 15 minutes.</summary>
    public double AlarmFallbackSharePercent { get; init; } = 30;

    /// <summary>The share alarm judges 15 minutes with at least this many calls; fewer is too few to say.</summary>
    public int AlarmFallbackMinCalls { get; init; } = 10;

    /// <summary>Alarm when Lambda errors plus throttles reach this many in 5 minutes.</summary>
    public int AlarmErrorBurst { get; init; } = 5;

    /// <summary>Alarm when the IvrApi p99 duration is above this (ms) in 2 of 3 five-minute periods; the SMA and Lex wait a few seconds at most.</summary>
    public int AlarmDurationP99Milliseconds { get; init; } = 2000;

    /// <summary>Alarm when this many calls in 5 minutes were served without the directory or from its last good copy.</summary>
    public int AlarmDirectoryFailures { get; init; } = 1;

    /// <summary>Alarm when this many bot conversations (StartBotConversation) fail in 5 minutes.</summary>
    public int AlarmBotFailures { get; init; } = 3;

    public static DeploySettings FromContext(Node node, string repositoryRoot)
    {
        string? Get(string key) => node.TryGetContext(key)?.ToString() is { Length: > 0 } v ? v : null;

        // Every rule lives in DeploySettingsValidation and runs first: below, a value present is a valid one, only parsed.
        DeploySettingsValidation.ThrowIfInvalid(node, repositoryRoot);

        var lambdaCode = Get("lambdaZip") is { } zip
            ? Path.GetFullPath(zip, repositoryRoot)
            : FirstExisting(
                Path.Combine(repositoryRoot, "artifacts", "lambda", "ivr-api.zip"),
                // Until scripts/package-lambda.sh has run, synthesize against a clearly fake bootstrap.
                Path.Combine(repositoryRoot, "deploy-cdk", "placeholders", "lambda"));
        var pbxFolder = File.Exists(Path.Combine(repositoryRoot, "pbx", "host", "user-data.sh"))
            ? Path.Combine(repositoryRoot, "pbx")
            // Until the pbx component writes host/user-data.sh, ship a placeholder that says so.
            : Path.Combine(repositoryRoot, "deploy-cdk", "placeholders", "pbx");

        var defaults = new DeploySettings { RepositoryRoot = repositoryRoot, LambdaCode = lambdaCode, PbxFolder = pbxFolder, LambdaIsPlaceholder = lambdaCode.StartsWith(Path.Combine(repositoryRoot, "deploy-cdk", "placeholders"), StringComparison.Ordinal) };
        return defaults with
        {
            PhoneNumber = Get("phoneNumber"),
            PhoneCountry = Get("phoneCountry") ?? defaults.PhoneCountry,
            PhoneAreaCode = Get("phoneAreaCode"),
            PhoneState = Get("phoneState"),
            PhoneTollFreePrefix = Get("phoneTollFreePrefix") ?? defaults.PhoneTollFreePrefix,
            ReleasePhoneNumberOnDelete = Get("releasePhoneNumberOnDelete") is { } r && bool.Parse(r),
            OperatorService = Get("operatorService"),
            OperatorNumber = Get("operatorNumber"),
            PollyVoice = Get("pollyVoice") ?? defaults.PollyVoice,
            PollyEngine = Get("pollyEngine") ?? defaults.PollyEngine,
            WebAdapterLayerVersion = Int(Get("webAdapterLayerVersion")) ?? defaults.WebAdapterLayerVersion,
            PbxInstanceType = Get("pbxInstanceType") ?? defaults.PbxInstanceType,
            LogRetentionDays = Int(Get("logRetentionDays")) ?? defaults.LogRetentionDays,
            RemoveTablesOnDelete = Get("removeTablesOnDelete") is { } rt && bool.Parse(rt),
            VoiceConnectorEncryption = Get("voiceConnectorEncryption") is not { } ve || bool.Parse(ve),
            PbxHostName = Get("pbxHostName"),
            AgentCidrs = Get("agentCidrs") is { } agents ? DeploySettingsValidation.AgentCidrs(agents) : defaults.AgentCidrs,
            PstnAllowedPrefixes = Get("pstnAllowedPrefixes") ?? defaults.PstnAllowedPrefixes,
            SpanishNumbers = Get("spanishNumbers"),
            OfferLanguageChoice = Get("offerLanguageChoice") is { } offer && bool.Parse(offer),
            VoicemailRetentionDays = Int(Get("voicemailRetentionDays")) ?? defaults.VoicemailRetentionDays,
            VoicemailEmail = Get("voicemailEmail"),
            VoicemailMaxSeconds = Int(Get("voicemailMaxSeconds")) ?? defaults.VoicemailMaxSeconds,
            QueueStrategy = Get("queueStrategy") ?? defaults.QueueStrategy,
            QueueMaxWaitSeconds = Int(Get("queueMaxWaitSeconds")) ?? defaults.QueueMaxWaitSeconds,
            QueueLanguageWaitSeconds = Int(Get("queueLanguageWaitSeconds")) ?? defaults.QueueLanguageWaitSeconds,
            AlarmEmail = Get("alarmEmail"),
            AlarmFallbackSharePercent = Get("alarmFallbackSharePercent") is { } share ? double.Parse(share, System.Globalization.CultureInfo.InvariantCulture) : defaults.AlarmFallbackSharePercent,
            AlarmFallbackMinCalls = Int(Get("alarmFallbackMinCalls")) ?? defaults.AlarmFallbackMinCalls,
            AlarmErrorBurst = Int(Get("alarmErrorBurst")) ?? defaults.AlarmErrorBurst,
            AlarmDurationP99Milliseconds = Int(Get("alarmDurationP99Ms")) ?? defaults.AlarmDurationP99Milliseconds,
            AlarmDirectoryFailures = Int(Get("alarmDirectoryFailures")) ?? defaults.AlarmDirectoryFailures,
            AlarmBotFailures = Int(Get("alarmBotFailures")) ?? defaults.AlarmBotFailures,
        };
    }

    /// <summary>The repository root: the nearest directory above <paramref name="start"/> holding IvrApi/departments.json.</summary>
    public static string FindRepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "IvrApi", "departments.json")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No IvrApi/departments.json above {start}; run from inside the repository.");
    }

    private static int? Int(string? value) => value is null ? null : int.Parse(value, System.Globalization.CultureInfo.InvariantCulture);

    private static string FirstExisting(params string[] paths) => paths.First(p => File.Exists(p) || Directory.Exists(p));
}
