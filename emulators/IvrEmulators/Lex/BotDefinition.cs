using System.Text.Json.Nodes;

namespace IvrEmulators.Lex;

/// <summary>
/// The bot as CloudFormation declares it (<c>AWS::Lex::Bot</c> + <c>AWS::Lex::BotAlias</c>), read from a synthesized
/// template: the definition <c>cdk deploy</c> ships. Property names follow the CloudFormation resource reference
/// (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lex-bot.html).
/// </summary>
public sealed record BotDefinition(string Name, string AliasName, bool AliasCodeHookEnabled, IReadOnlyList<BotLocale> Locales)
{
    public BotLocale Locale(string localeId) =>
        Locales.FirstOrDefault(l => l.LocaleId == localeId)
        ?? throw new KeyNotFoundException($"The bot has no locale {localeId}.");

    /// <summary>Reads the one <c>AWS::Lex::Bot</c> of a template and the alias that points at it.</summary>
    public static BotDefinition FromTemplate(JsonNode template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var resources = template["Resources"]?.AsObject() ?? throw new InvalidDataException("The template has no Resources.");
        var bots = resources.Where(r => Type(r.Value) == "AWS::Lex::Bot").ToList();
        if (bots.Count != 1)
        {
            throw new InvalidDataException($"Expected one AWS::Lex::Bot in the template, found {bots.Count}.");
        }

        var (botId, bot) = (bots[0].Key, bots[0].Value!["Properties"]!);
        // The alias points at a BotVersion of this bot (Fn::GetAtt [bot, Id]); pick the alias whose BotId names it.
        var alias = resources.Select(r => r.Value).FirstOrDefault(r => Type(r) == "AWS::Lex::BotAlias"
            && r!["Properties"]?["BotId"]?["Fn::GetAtt"]?[0]?.GetValue<string>() == botId)?["Properties"];

        var locales = (bot["BotLocales"]?.AsArray() ?? []).Select(l => ReadLocale(l!, alias)).ToList();
        return new BotDefinition(
            Text(bot["Name"]) ?? botId,
            Text(alias?["BotAliasName"]) ?? "TestBotAlias",
            locales.Any(l => l.CodeHookEnabled),
            locales);
    }

    public static BotDefinition FromTemplateFile(string path) =>
        FromTemplate(JsonNode.Parse(File.ReadAllText(path)) ?? throw new InvalidDataException($"{path} is empty."));

    private static BotLocale ReadLocale(JsonNode locale, JsonNode? alias)
    {
        var localeId = Text(locale["LocaleId"]) ?? "en_US";
        // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-lex-botalias-botaliaslocalesettings.html:
        // the alias's code hook for the locale, Enabled plus a LambdaCodeHook.
        var setting = alias?["BotAliasLocaleSettings"]?.AsArray()
            .FirstOrDefault(s => Text(s?["LocaleId"]) == localeId)?["BotAliasLocaleSetting"];
        var hookEnabled = Bool(setting?["Enabled"]) && setting?["CodeHookSpecification"]?["LambdaCodeHook"] is not null;

        var slotTypes = (locale["SlotTypes"]?.AsArray() ?? []).Select(t => new SlotTypeDefinition(
            Text(t!["Name"])!,
            (t["SlotTypeValues"]?.AsArray() ?? []).Select(v => new SlotTypeValue(
                Text(v!["SampleValue"]?["Value"])!,
                (v["Synonyms"]?.AsArray() ?? []).Select(s => Text(s!["Value"])!).ToList())).ToList(),
            Text(t["ValueSelectionSetting"]?["ResolutionStrategy"]) ?? "ORIGINAL_VALUE")).ToList();

        var intents = (locale["Intents"]?.AsArray() ?? []).Select(i => ReadIntent(i!)).ToList();
        return new BotLocale(localeId, Number(locale["NluConfidenceThreshold"]) ?? 0.4, hookEnabled, intents, slotTypes);
    }

    private static IntentDefinition ReadIntent(JsonNode intent)
    {
        var priorities = (intent["SlotPriorities"]?.AsArray() ?? [])
            .ToDictionary(p => Text(p!["SlotName"])!, p => (int)(Number(p!["Priority"]) ?? 0));
        var slots = (intent["Slots"]?.AsArray() ?? []).Select(s => ReadSlot(s!))
            .OrderBy(s => priorities.GetValueOrDefault(s.Name, int.MaxValue)).ToList();
        var confirmation = intent["IntentConfirmationSetting"];
        var closing = intent["IntentClosingSetting"];
        return new IntentDefinition(
            Text(intent["Name"])!,
            Text(intent["ParentIntentSignature"]),
            (intent["SampleUtterances"]?.AsArray() ?? []).Select(u => Text(u!["Utterance"])!).ToList(),
            Bool(intent["DialogCodeHook"]?["Enabled"]),
            Bool(intent["FulfillmentCodeHook"]?["Enabled"]),
            slots,
            confirmation is null ? null : new ConfirmationDefinition(
                // IntentConfirmationSetting.IsActive: "If the active field isn't specified, the default is true."
                // (https://docs.aws.amazon.com/lexv2/latest/APIReference/API_IntentConfirmationSetting.html)
                confirmation["IsActive"] is null || Bool(confirmation["IsActive"]),
                Messages(confirmation["PromptSpecification"]?["MessageGroupsList"]),
                (int)(Number(confirmation["PromptSpecification"]?["MaxRetries"]) ?? 0),
                CodeHookOn(confirmation["CodeHook"]),
                Bool(confirmation["ElicitationCodeHook"]?["EnableCodeHookInvocation"]),
                Messages(confirmation["DeclinationResponse"]?["MessageGroupsList"]))
            {
                AllowInterrupt = AllowInterrupt(confirmation["PromptSpecification"]),
                ConfirmationNextStep = Text(confirmation["ConfirmationNextStep"]?["DialogAction"]?["Type"]),
                DeclinationNextStep = Text(confirmation["DeclinationNextStep"]?["DialogAction"]?["Type"]),
            },
            closing is null || (closing["IsActive"] is not null && !Bool(closing["IsActive"]))
                ? []
                : Messages(closing["ClosingResponse"]?["MessageGroupsList"]));
    }

    private static SlotDefinition ReadSlot(JsonNode slot)
    {
        var elicitation = slot["ValueElicitationSetting"];
        var prompt = elicitation?["PromptSpecification"];
        var attempts = new Dictionary<string, PromptAttempt>(StringComparer.Ordinal);
        foreach (var (name, attempt) in prompt?["PromptAttemptsSpecification"]?.AsObject() ?? [])
        {
            attempts[name] = ReadAttempt(attempt!);
        }

        var capture = elicitation?["SlotCaptureSetting"];
        return new SlotDefinition(
            Text(slot["Name"])!,
            Text(slot["SlotTypeName"])!,
            Text(elicitation?["SlotConstraint"]) == "Required",
            Messages(prompt?["MessageGroupsList"]),
            (int)(Number(prompt?["MaxRetries"]) ?? 0),
            attempts,
            // SlotCaptureSetting.CodeHook / ElicitationCodeHook
            // (https://docs.aws.amazon.com/lexv2/latest/APIReference/API_SlotCaptureSetting.html): absent = not declared.
            capture?["CodeHook"] is null ? null : CodeHookOn(capture["CodeHook"]),
            Bool(capture?["ElicitationCodeHook"]?["EnableCodeHookInvocation"]))
        {
            AllowInterrupt = AllowInterrupt(prompt),
            CaptureNextStep = Text(capture?["CaptureNextStep"]?["DialogAction"]?["Type"]),
            // PostDialogCodeHookInvocationSpecification: what Lex says and does when the capture code hook fails.
            HookFailureMessages = Messages(capture?["CodeHook"]?["PostCodeHookSpecification"]?["FailureResponse"]?["MessageGroupsList"]),
            HookFailureNextStep = Text(capture?["CodeHook"]?["PostCodeHookSpecification"]?["FailureNextStep"]?["DialogAction"]?["Type"]),
        };
    }

    // PromptSpecification.AllowInterrupt: "By default, the user can interrupt any prompt that the bot is streaming"
    // (https://docs.aws.amazon.com/lexv2/latest/dg/interrupt-bot.html).
    private static bool AllowInterrupt(JsonNode? prompt) => prompt?["AllowInterrupt"] is null || Bool(prompt["AllowInterrupt"]);

    private static PromptAttempt ReadAttempt(JsonNode attempt)
    {
        var input = attempt["AudioAndDTMFInputSpecification"];
        var dtmf = input?["DTMFSpecification"];
        return new PromptAttempt(
            Bool(attempt["AllowedInputTypes"]?["AllowAudioInput"]),
            Bool(attempt["AllowedInputTypes"]?["AllowDTMFInput"]),
            (int?)Number(input?["StartTimeoutMs"]),
            (int?)Number(input?["AudioSpecification"]?["EndTimeoutMs"]),
            dtmf is null ? null : new DtmfSettings(
                (int)(Number(dtmf["MaxLength"]) ?? 1024),
                Text(dtmf["EndCharacter"]) ?? "#",
                Text(dtmf["DeletionCharacter"]) ?? "*",
                (int)(Number(dtmf["EndTimeoutMs"]) ?? 5000)));
    }

    // DialogCodeHookInvocationSetting: IsActive and EnableCodeHookInvocation must both be on.
    private static bool CodeHookOn(JsonNode? hook) =>
        hook is not null && Bool(hook["EnableCodeHookInvocation"]) && (hook["IsActive"] is null || Bool(hook["IsActive"]));

    /// <summary>The first message of each message group (variations are alternatives; the first is the one we say).</summary>
    private static List<string> Messages(JsonNode? groups) =>
        (groups?.AsArray() ?? [])
            .Select(g => Text(g!["Message"]?["PlainTextMessage"]?["Value"]) ?? Text(g!["Message"]?["SSMLMessage"]?["Value"]))
            .OfType<string>().ToList();

    private static string? Type(JsonNode? resource) => Text(resource?["Type"]);

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static bool Bool(JsonNode? node) =>
        node is JsonValue v && ((v.TryGetValue<bool>(out var b) && b) || (v.TryGetValue<string>(out var s) && s == "true"));

    private static double? Number(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() is System.Text.Json.JsonValueKind.Number or System.Text.Json.JsonValueKind.String
        && double.TryParse(v.ToString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d)
            ? d
            : null;
}

public sealed record BotLocale(
    string LocaleId, double NluConfidenceThreshold, bool CodeHookEnabled, IReadOnlyList<IntentDefinition> Intents, IReadOnlyList<SlotTypeDefinition> SlotTypes)
{
    public IntentDefinition? Intent(string? name) => Intents.FirstOrDefault(i => i.Name == name);

    public SlotTypeDefinition? SlotType(string name) => SlotTypes.FirstOrDefault(t => t.Name == name);

    /// <summary>The intent built on <c>AMAZON.FallbackIntent</c>, always present in a Lex V2 locale.</summary>
    public IntentDefinition Fallback =>
        Intents.FirstOrDefault(i => i.ParentSignature == "AMAZON.FallbackIntent")
        ?? new IntentDefinition("FallbackIntent", "AMAZON.FallbackIntent", [], false, false, [], null, []);
}

public sealed record IntentDefinition(
    string Name,
    string? ParentSignature,
    IReadOnlyList<string> SampleUtterances,
    bool DialogCodeHook,
    bool FulfillmentCodeHook,
    IReadOnlyList<SlotDefinition> Slots,
    ConfirmationDefinition? Confirmation,
    IReadOnlyList<string> ClosingMessages)
{
    public SlotDefinition? Slot(string? name) => Slots.FirstOrDefault(s => s.Name == name);
}

public sealed record ConfirmationDefinition(
    bool IsActive, IReadOnlyList<string> Prompts, int MaxRetries, bool CodeHook, bool ElicitationCodeHook, IReadOnlyList<string> DeclinationMessages)
{
    public bool AllowInterrupt { get; init; } = true;

    /// <summary>ConfirmationNextStep.DialogAction.Type as declared (e.g. InvokeDialogCodeHook); null: not declared.</summary>
    public string? ConfirmationNextStep { get; init; }

    public string? DeclinationNextStep { get; init; }
}

public sealed record SlotDefinition(
    string Name,
    string SlotTypeName,
    bool Required,
    IReadOnlyList<string> Prompts,
    int MaxRetries,
    IReadOnlyDictionary<string, PromptAttempt> Attempts,
    bool? CaptureCodeHook,
    bool ElicitationCodeHook)
{
    public bool AllowInterrupt { get; init; } = true;

    /// <summary>SlotCaptureSetting.CaptureNextStep.DialogAction.Type as declared; null: not declared.</summary>
    public string? CaptureNextStep { get; init; }

    public IReadOnlyList<string> HookFailureMessages { get; init; } = [];

    public string? HookFailureNextStep { get; init; }
}

/// <summary>One attempt's input settings (PromptAttemptSpecification).</summary>
public sealed record PromptAttempt(bool AllowAudio, bool AllowDtmf, int? StartTimeoutMs, int? AudioEndTimeoutMs, DtmfSettings? Dtmf);

/// <summary>DTMFSpecification (https://docs.aws.amazon.com/lexv2/latest/APIReference/API_DTMFSpecification.html).</summary>
public sealed record DtmfSettings(int MaxLength, string EndCharacter, string DeletionCharacter, int EndTimeoutMs);

public sealed record SlotTypeDefinition(string Name, IReadOnlyList<SlotTypeValue> Values, string ResolutionStrategy);

public sealed record SlotTypeValue(string Value, IReadOnlyList<string> Synonyms);
