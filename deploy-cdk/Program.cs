using Amazon.CDK;
using IvrDeploy;

// `dotnet run --project deploy-cdk` (or `npx aws-cdk synth` via cdk.json) synthesizes into CDK_OUTDIR (the CLI sets
// it), else into cdk.out at the repository root, and says where. Account and region come from CDK_DEFAULT_ACCOUNT /
// CDK_DEFAULT_REGION (set by the CDK CLI from AWS_REGION or the profile); without credentials the account stays a
// deploy-time token. A bad setting or region stops the synthesis with one line each.
var root = DeploySettings.FindRepositoryRoot(Directory.GetCurrentDirectory());
var outdir = System.Environment.GetEnvironmentVariable("CDK_OUTDIR") is { Length: > 0 } o ? o : Path.Combine(root, "cdk.out");
var app = new App(new AppProps { Outdir = outdir });
try
{
    var settings = DeploySettings.FromContext(app.Node, root);
    var region = DeploySettingsValidation.Region(System.Environment.GetEnvironmentVariable);
    var stackName = app.Node.TryGetContext("stackName")?.ToString() ?? "IvrCallRouter";
    var stack = new IvrStack(app, stackName, Departments.Load(settings.DepartmentsFile), settings, new StackProps
    {
        Env = new Amazon.CDK.Environment { Account = System.Environment.GetEnvironmentVariable("CDK_DEFAULT_ACCOUNT"), Region = region },
        Description = "Intelligent IVR call router: Chime SDK PSTN audio, Lex V2, IvrApi on Lambda, Asterisk PBX",
    });
    if (settings.LambdaIsPlaceholder)
    {
        const string Placeholder = "IvrApi is the placeholder bootstrap (artifacts/lambda/ivr-api.zip is not built), which answers no call: synthesis only; run bash scripts/package-lambda.sh or pass -c lambdaZip=<zip> before deploying (deploy.sh does)";
        Annotations.Of(stack).AddWarning(Placeholder);
        Console.Error.WriteLine("deploy-cdk: warning: " + Placeholder);
    }

    app.Synth();
    Console.Error.WriteLine($"deploy-cdk: synthesized {stackName} ({region}) into {Path.GetFullPath(outdir)}");
    return 0;
}
catch (DeploySettingsException e)
{
    foreach (var problem in e.Problems)
    {
        Console.Error.WriteLine("deploy-cdk: " + problem);
    }

    return 1;
}
