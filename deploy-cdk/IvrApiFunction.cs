using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Lambda;
using Constructs;

namespace IvrDeploy;

/// <summary>
/// IvrApi on Lambda: the Native AOT `bootstrap` on provided.al2023 behind the AWS Lambda Web Adapter, with a
/// published version and the alias "live" that Chime and Lex invoke, and an IAM-authenticated Function URL.
/// </summary>
internal sealed class IvrApiFunction : Construct
{
    public const string AliasName = "live";

    public Function Function { get; }
    public Alias Alias { get; }
    public FunctionUrl Url { get; }

    /// <summary>
    /// The alias ARN built from the fixed function name. Lex's code hook uses this string instead of a reference:
    /// the function's environment needs the bot alias ARN, so a reference back from the bot alias would be a cycle.
    /// </summary>
    public string AliasArnByName { get; }

    /// <param name="name">The function name after the stack's: the call path is "IvrApi", the admin API "IvrApiAdmin".</param>
    public IvrApiFunction(Construct scope, string id, DeploySettings settings, string name = "IvrApi") : base(scope, id)
    {
        var stack = Stack.Of(this);
        var functionName = $"{stack.StackName}-{name}";
        var logGroup = LogGroups.Create(this, "Logs", settings.LogRetentionDays);
        var role = LogGroups.LambdaRole(this, "Role", logGroup);

        Function = new Function(this, "Function", new FunctionProps
        {
            FunctionName = functionName,
            Runtime = Runtime.PROVIDED_AL2023,
            Architecture = Architecture.X86_64,
            Handler = "bootstrap",
            Code = Code.FromAsset(settings.LambdaCode),
            Layers =
            [
                LayerVersion.FromLayerVersionArn(this, "WebAdapter",
                    $"arn:aws:lambda:{stack.Region}:753240598075:layer:LambdaAdapterLayerX86:{settings.WebAdapterLayerVersion}"),
            ],
            MemorySize = 512,
            // SMA waits 20 s at most for an answer; a stuck call must fail well before that.
            Timeout = Duration.Seconds(10),
            Role = role,
            LogGroup = logGroup,
            Environment = new Dictionary<string, string>
            {
                ["AWS_LWA_PORT"] = "8080",
                ["AWS_LWA_READINESS_CHECK_PATH"] = "/healthz",
                ["AWS_LWA_PASS_THROUGH_PATH"] = "/events",
                ["ASPNETCORE_URLS"] = "http://127.0.0.1:8080",
                ["Lex__PreloadSession"] = "true",
                ["Prompts__VoiceId"] = settings.PollyVoice,
                ["Prompts__Engine"] = settings.PollyEngine,
                // Set here rather than left to IvrApi's default, so the deployed toll-fraud guard is what the stack says.
                ["Routing__PstnAllowedPrefixes"] = settings.PstnAllowedPrefixes,
            },
        });
        if (settings.OperatorService is { } operatorService) Function.AddEnvironment("Routing__Operator__Service", operatorService);
        if (settings.OperatorNumber is { } operatorNumber) Function.AddEnvironment("Routing__Operator__Number", operatorNumber);
        // The call's language (issue 21): which numbers answer in Spanish, and whether the greeting offers the other language.
        if (settings.SpanishNumbers is { } spanish) Function.AddEnvironment("Routing__SpanishNumbers", spanish);
        if (settings.OfferLanguageChoice) Function.AddEnvironment("Routing__OfferLanguageChoice", "true");
        Alias = new Alias(this, "Live", new AliasProps { AliasName = AliasName, Version = Function.CurrentVersion });
        Url = Alias.AddFunctionUrl(new FunctionUrlOptions { AuthType = FunctionUrlAuthType.AWS_IAM });
        AliasArnByName = stack.FormatArn(new ArnComponents
        {
            Service = "lambda",
            Resource = "function",
            ResourceName = $"{functionName}:{AliasName}",
            ArnFormat = ArnFormat.COLON_RESOURCE_NAME,
        });
    }

    /// <summary>Settings known only once other resources exist (ASP.NET Core configuration keys, `__` = section).</summary>
    public void AddSettings(IReadOnlyDictionary<string, string> settings)
    {
        foreach (var (key, value) in settings)
        {
            Function.AddEnvironment(key, value);
        }
    }

    /// <summary>Lets an AWS service principal invoke the alias, only on behalf of <paramref name="sourceArn"/> in this account.</summary>
    public void AllowInvoke(string id, string servicePrincipal, string sourceArn) =>
        Alias.AddPermission(id, new Permission
        {
            Principal = new ServicePrincipal(servicePrincipal),
            Action = "lambda:InvokeFunction",
            SourceAccount = Stack.Of(this).Account,
            SourceArn = sourceArn,
        });
}
