using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Lex;
using Constructs;

namespace IvrDeploy;

/// <summary>
/// The Lex V2 bot that asks the caller for a department: intent RouteCall with slot Department (type Departments,
/// built from the department list, speech or keypad), FallbackIntent, a version per bot definition and the alias "live"
/// whose code hook is IvrApi. One definition, synthesized in each language of <see cref="Languages"/> (en_US, es_US):
/// only the words differ (<see cref="BotLanguage"/>), and the same code hook answers in the locale of the event.
/// </summary>
internal sealed class CallRoutingBot : Construct
{
    public const string IntentName = "RouteCall";
    public const string SlotName = "Department";
    public const string SlotTypeName = "Departments";

    public CfnBot Bot { get; }
    public CfnBotVersion Version { get; }
    public CfnBotAlias Alias { get; }

    public CallRoutingBot(Construct scope, string id, IReadOnlyList<Department> departments, DeploySettings settings, string codeHookArn)
        : base(scope, id)
    {
        var stack = Stack.Of(this);
        var conversationLogs = LogGroups.Create(this, "ConversationLogs", settings.LogRetentionDays);
        var role = new Role(this, "Role", new RoleProps { AssumedBy = new ServicePrincipal("lexv2.amazonaws.com") });
        // Same grant as the managed AmazonLexV2BotPolicy: Polly voices for the bot's speech.
        role.AddToPolicy(new PolicyStatement(new PolicyStatementProps { Actions = ["polly:SynthesizeSpeech"], Resources = ["*"] }));
        role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resources = [conversationLogs.LogGroupArn],
        }));

        var locales = Languages(settings).Select(language => Locale(departments, language)).ToArray();
        Bot = new CfnBot(this, "Bot", new CfnBotProps
        {
            Name = $"{stack.StackName}-CallRouting",
            RoleArn = role.RoleArn,
            IdleSessionTtlInSeconds = 300,
            // DataPrivacy is typed object in CDK for .NET, so a DataPrivacyProperty would be written {"childDirected": ...};
            // the registry schema (AWS::Lex::Bot DataPrivacy) only has the required ChildDirected.
            DataPrivacy = new Dictionary<string, object> { ["ChildDirected"] = false },
            // The DRAFT must be built before a version can be cut from it.
            AutoBuildBotLocales = true,
            BotLocales = locales,
        });

        // BotVersion is only published when the resource is created, so its id carries a hash of the bot
        // definition: a changed bot gets a new version and the alias moves to it.
        Version = new CfnBotVersion(this, "Version" + DefinitionHash(locales), new CfnBotVersionProps
        {
            BotId = Bot.AttrId,
            BotVersionLocaleSpecification = locales.Select(locale => new CfnBotVersion.BotVersionLocaleSpecificationProperty
            {
                LocaleId = locale.LocaleId,
                BotVersionLocaleDetails = new CfnBotVersion.BotVersionLocaleDetailsProperty { SourceBotVersion = "DRAFT" },
            }).ToArray(),
        });

        Alias = new CfnBotAlias(this, "Alias", new CfnBotAliasProps
        {
            BotId = Bot.AttrId,
            BotAliasName = "live",
            BotVersion = Version.AttrBotVersion,
            // The same code hook in every locale: it answers in the locale of the event (bot.localeId).
            BotAliasLocaleSettings = locales.Select(locale => new CfnBotAlias.BotAliasLocaleSettingsItemProperty
            {
                LocaleId = locale.LocaleId,
                BotAliasLocaleSetting = new CfnBotAlias.BotAliasLocaleSettingsProperty
                {
                    Enabled = true,
                    CodeHookSpecification = new CfnBotAlias.CodeHookSpecificationProperty
                    {
                        LambdaCodeHook = new CfnBotAlias.LambdaCodeHookProperty { CodeHookInterfaceVersion = "1.0", LambdaArn = codeHookArn },
                    },
                },
            }).ToArray(),
            ConversationLogSettings = new CfnBotAlias.ConversationLogSettingsProperty
            {
                TextLogSettings = new[]
                {
                    new CfnBotAlias.TextLogSettingProperty
                    {
                        Enabled = true,
                        Destination = new CfnBotAlias.TextLogDestinationProperty
                        {
                            CloudWatch = new CfnBotAlias.CloudWatchLogGroupLogDestinationProperty
                            {
                                CloudWatchLogGroupArn = conversationLogs.LogGroupArn,
                                LogPrefix = "call-routing/",
                            },
                        },
                    },
                },
            },
        });
    }

    /// <summary>Lets <paramref name="grantee"/> preload sessions on the alias (lex:PutSession), nothing else.</summary>
    public void GrantPutSession(IGrantable grantee) =>
        grantee.GrantPrincipal.AddToPrincipalPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["lex:PutSession"],
            Resources = [Alias.AttrArn],
        }));

    /// <summary>Lets Chime SDK Voice PSTN audio of this account and region start conversations on the alias.</summary>
    public void AllowStartConversation()
    {
        var stack = Stack.Of(this);
        new CfnResourcePolicy(this, "ChimePolicy", new CfnResourcePolicyProps
        {
            ResourceArn = Alias.AttrArn,
            Policy = new Dictionary<string, object>
            {
                ["Version"] = "2012-10-17",
                ["Statement"] = new object[]
                {
                    new Dictionary<string, object>
                    {
                        ["Sid"] = "AllowChimePstnAudio",
                        ["Effect"] = "Allow",
                        ["Principal"] = new Dictionary<string, object> { ["Service"] = "voiceconnector.chime.amazonaws.com" },
                        ["Action"] = "lex:StartConversation",
                        ["Resource"] = Alias.AttrArn,
                        ["Condition"] = new Dictionary<string, object>
                        {
                            ["StringEquals"] = new Dictionary<string, object> { ["AWS:SourceAccount"] = stack.Account },
                            // PSTN audio starts the conversation as arn:aws:voiceconnector:<region>:<account>:..., the form
                            // the Amazon Chime SDK guide's Lex integration steps put in this condition
                            // (https://docs.aws.amazon.com/chime-sdk/latest/dg/lex-bot-integration.html); no finer form is
                            // documented, so the condition is this account's and region's PSTN audio.
                            ["ArnLike"] = new Dictionary<string, object>
                            {
                                ["AWS:SourceArn"] = $"arn:{stack.Partition}:voiceconnector:{stack.Region}:{stack.Account}:*",
                            },
                        },
                    },
                },
            },
        });
    }

    /// <summary>
    /// The slot's own prompt, said only when Lex asks by itself. It names no keys: the keypad menu follows the
    /// directory as it is at call time (IvrApi's question and retries), which a prompt fixed at deploy time cannot.
    /// </summary>
    internal const string DepartmentPrompt = "Which department would you like? Say its name, or press its key on your keypad.";

    /// <summary>The confirmation step's own prompt; IvrApi's code hook asks "Did you say …?" with its own words.</summary>
    internal const string ConfirmationPrompt = "Is that the department you want? Please say yes or no.";

    /// <summary>
    /// The bot's languages, English first: each one's locale, voice, prompts and sample utterances. Spanish is es_US
    /// with Amazon Polly's US Spanish neural voice Lupe (https://docs.aws.amazon.com/polly/latest/dg/available-voices.html;
    /// Lex V2 locales: https://docs.aws.amazon.com/lexv2/latest/dg/how-languages.html).
    /// </summary>
    internal static IReadOnlyList<BotLanguage> Languages(DeploySettings settings) =>
    [
        new(
            "en_US",
            settings.PollyVoice,
            settings.PollyEngine,
            DepartmentPrompt,
            ConfirmationPrompt,
            [
                "{Department}", "{Department} department", "the {Department} department", "I want {Department}",
                "I'd like to speak to {Department}", "connect me to {Department}", "transfer me to {Department}",
                "I need the {Department} department", "department",
            ],
            NamesKey: null),
        new(
            "es_US",
            "Lupe",
            "neural",
            "¿Con qué departamento desea hablar? Diga su nombre, u oprima su tecla en el teclado.",
            "¿Es ese el departamento que desea? Por favor, diga sí o no.",
            [
                "{Department}", "departamento de {Department}", "el departamento de {Department}", "quiero {Department}",
                "quisiera hablar con {Department}", "comuníqueme con {Department}", "páseme con {Department}",
                "necesito el departamento de {Department}", "departamento",
            ],
            NamesKey: "es"),
    ];

    private static CfnBot.BotLocaleProperty Locale(IReadOnlyList<Department> departments, BotLanguage language) => new()
    {
        LocaleId = language.LocaleId,
        NluConfidenceThreshold = 0.4,
        VoiceSettings = new CfnBot.VoiceSettingsProperty { VoiceId = language.VoiceId, Engine = language.Engine },
        SlotTypes = new[]
        {
            new CfnBot.SlotTypeProperty
            {
                Name = SlotTypeName,
                Description = "Departments from IvrApi/departments.json",
                // The code hook matches forgivingly (synonyms, digits, near misses), so Lex passes what it heard.
                ValueSelectionSetting = new CfnBot.SlotValueSelectionSettingProperty { ResolutionStrategy = "ORIGINAL_VALUE" },
                SlotTypeValues = departments.Select(d => language.SlotValue(d)).Select(v => new CfnBot.SlotTypeValueProperty
                {
                    SampleValue = new CfnBot.SampleValueProperty { Value = v.Value },
                    Synonyms = v.Synonyms.Count == 0 ? null : v.Synonyms.Select(s => new CfnBot.SampleValueProperty { Value = s }).ToArray(),
                }).ToArray(),
            },
        },
        Intents = new[]
        {
            new CfnBot.IntentProperty
            {
                Name = IntentName,
                Description = "Route the call to a department",
                SampleUtterances = language.SampleUtterances.Select(u => new CfnBot.SampleUtteranceProperty { Utterance = u }).ToArray(),
                DialogCodeHook = new CfnBot.DialogCodeHookSettingProperty { Enabled = true },
                FulfillmentCodeHook = new CfnBot.FulfillmentCodeHookSettingProperty { Enabled = true },

                // The code hook asks "Did you say …?" (ConfirmIntent) for near misses. A runtime confirmation needs the
                // step active at build time, and yes or no goes back to the dialog code hook only when the next steps
                // say so (https://docs.aws.amazon.com/lexv2/latest/dg/intent-confirm.html,
                // https://docs.aws.amazon.com/lexv2/latest/APIReference/API_IntentConfirmationSetting.html).
                // Neither yes nor no falls back to FallbackIntent, which counts a miss.
                IntentConfirmationSetting = new CfnBot.IntentConfirmationSettingProperty
                {
                    IsActive = true,
                    PromptSpecification = Prompt(language.ConfirmationPrompt, maxRetries: 1),
                    CodeHook = InvokeCodeHook(),
                    ConfirmationNextStep = NextStep("InvokeDialogCodeHook"),
                    DeclinationNextStep = NextStep("InvokeDialogCodeHook"),

                    // Neither yes nor no after the retries: ask for the department again rather than leave the next
                    // step to Lex's default; the answer reaches the code hook through the slot's capture steps.
                    FailureNextStep = NextStep("ElicitSlot", SlotName),
                },
                SlotPriorities = new[] { new CfnBot.SlotPriorityProperty { Priority = 1, SlotName = SlotName } },
                Slots = new[]
                {
                    new CfnBot.SlotProperty
                    {
                        Name = SlotName,
                        SlotTypeName = SlotTypeName,
                        ValueElicitationSetting = new CfnBot.SlotValueElicitationSettingProperty
                        {
                            SlotConstraint = "Required",
                            PromptSpecification = Prompt(language.DepartmentPrompt, maxRetries: 2, SpeechOrKeypad),

                            // Every answer reaches the code hook, understood or not, so misses are counted in one place
                            // and every retry names the live keypad menu
                            // (https://docs.aws.amazon.com/lexv2/latest/APIReference/API_SlotCaptureSetting.html). The
                            // next steps are declared, captured or not: the Lex guide's code hook page has the next step
                            // set to invoke the dialog code hook, and whatever Lex's default is, the hook then runs
                            // (https://docs.aws.amazon.com/lexv2/latest/dg/paths-code-hook.html).
                            SlotCaptureSetting = new CfnBot.SlotCaptureSettingProperty
                            {
                                CodeHook = InvokeCodeHook(),
                                CaptureNextStep = NextStep("InvokeDialogCodeHook"),
                                FailureNextStep = NextStep("InvokeDialogCodeHook"),
                                ElicitationCodeHook = new CfnBot.ElicitationCodeHookInvocationSettingProperty { EnableCodeHookInvocation = true },
                            },
                        },
                    },
                },
            },
            new CfnBot.IntentProperty
            {
                Name = "FallbackIntent",
                Description = "Nothing matched: the code hook decides (retry, operator or goodbye)",
                ParentIntentSignature = "AMAZON.FallbackIntent",
                FulfillmentCodeHook = new CfnBot.FulfillmentCodeHookSettingProperty { Enabled = true },
            },
        },
    };

    private static CfnBot.PromptSpecificationProperty Prompt(string text, int maxRetries, Func<CfnBot.PromptAttemptSpecificationProperty>? attempt = null) => new()
    {
        MaxRetries = maxRetries,
        AllowInterrupt = true,
        MessageGroupsList = new[]
        {
            new CfnBot.MessageGroupProperty
            {
                Message = new CfnBot.MessageProperty { PlainTextMessage = new CfnBot.PlainTextMessageProperty { Value = text } },
            },
        },
        PromptAttemptsSpecification = attempt is null ? null : new[] { "Initial", "Retry1", "Retry2" }
            .Take(maxRetries + 1)
            .ToDictionary(name => name, _ => (object)attempt()),
    };

    /// <summary>
    /// The dialog code hook, with what follows it declared: after a successful call the hook's own dialog action
    /// decides; if the hook fails or times out, the conversation ends and the call router sends the caller to the
    /// operator, instead of whatever Lex would do by default
    /// (https://docs.aws.amazon.com/lexv2/latest/APIReference/API_PostDialogCodeHookInvocationSpecification.html).
    /// </summary>
    private static CfnBot.DialogCodeHookInvocationSettingProperty InvokeCodeHook() => new()
    {
        EnableCodeHookInvocation = true,
        IsActive = true,
        PostCodeHookSpecification = new CfnBot.PostDialogCodeHookInvocationSpecificationProperty
        {
            FailureNextStep = NextStep("EndConversation"),
            TimeoutNextStep = NextStep("EndConversation"),
        },
    };

    private static CfnBot.DialogStateProperty NextStep(string dialogAction, string? slotToElicit = null) =>
        new() { DialogAction = new CfnBot.DialogActionProperty { Type = dialogAction, SlotToElicit = slotToElicit } };

    /// <summary>Speech or one keypad key (the menu has keys 1-9), '#' ending it early and '*' starting over.</summary>
    private static CfnBot.PromptAttemptSpecificationProperty SpeechOrKeypad() => new()
    {
        AllowInterrupt = true,
        AllowedInputTypes = new CfnBot.AllowedInputTypesProperty { AllowAudioInput = true, AllowDtmfInput = true },
        AudioAndDtmfInputSpecification = new CfnBot.AudioAndDTMFInputSpecificationProperty
        {
            StartTimeoutMs = 4000,
            AudioSpecification = new CfnBot.AudioSpecificationProperty { MaxLengthMs = 15000, EndTimeoutMs = 640 },
            DtmfSpecification = new CfnBot.DTMFSpecificationProperty
            {
                MaxLength = 1,
                EndCharacter = "#",
                EndTimeoutMs = 3000,
                DeletionCharacter = "*",
            },
        },
    };

    /// <summary>First 8 hex digits of SHA-256 over the locale definitions (plain values only, so the same bot hashes the same).</summary>
    private static string DefinitionHash(CfnBot.BotLocaleProperty[] locales)
    {
        var json = string.Join('\n', locales.Select(locale => JsonSerializer.Serialize(locale, locale.GetType())));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(json)))[..8];
    }
}

/// <summary>
/// What differs between the bot's locales: the words. <paramref name="NamesKey"/> is the language's key under a
/// department's <c>names</c> in departments.json (<c>{"es": {"name": "historia", "synonyms": [...]}}</c>); null for
/// English, whose words are <c>department_name</c> and <c>synonyms</c>.
/// </summary>
internal sealed record BotLanguage(
    string LocaleId,
    string VoiceId,
    string Engine,
    string DepartmentPrompt,
    string ConfirmationPrompt,
    IReadOnlyList<string> SampleUtterances,
    string? NamesKey)
{
    /// <summary>
    /// The slot value a department has in this language: its name there, with that language's synonyms and its English
    /// name (callers say those too). A department without a name in the language is listed by its English words.
    /// </summary>
    public (string Value, IReadOnlyList<string> Synonyms) SlotValue(Department department)
    {
        ArgumentNullException.ThrowIfNull(department);
        var names = NamesKey is null ? null : department.Item["names"]?[NamesKey];
        if (names?["name"]?.GetValue<string>() is not { Length: > 0 } name)
        {
            return (department.Name, department.Synonyms);
        }

        var synonyms = (names["synonyms"] as System.Text.Json.Nodes.JsonArray ?? []).Select(s => s!.GetValue<string>())
            .Append(department.Name)
            .Where(s => !string.Equals(s, name, StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToArray();
        return (name, synonyms);
    }
}
