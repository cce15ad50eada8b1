using Amazon.CDK;
using IvrDeploy;

// `dotnet run --project deploy-cdk` (or `npx aws-cdk synth` via cdk.json) synthesizes into CDK_OUTDIR.
// Account and region come from CDK_DEFAULT_ACCOUNT / CDK_DEFAULT_REGION (set by the CDK CLI from the caller's
// profile); without credentials the account stays a deploy-time token and the region defaults to us-east-1.
var app = new App();
var root = DeploySettings.FindRepositoryRoot(Directory.GetCurrentDirectory());
var settings = DeploySettings.FromContext(app.Node, root);
var stackName = app.Node.TryGetContext("stackName")?.ToString() ?? "IvrCallRouter";
_ = new IvrStack(app, stackName, Departments.Load(settings.DepartmentsFile), settings, new StackProps
{
    Env = new Amazon.CDK.Environment
    {
        Account = System.Environment.GetEnvironmentVariable("CDK_DEFAULT_ACCOUNT"),
        Region = System.Environment.GetEnvironmentVariable("CDK_DEFAULT_REGION") ?? "us-east-1",
    },
    Description = "Intelligent IVR call router: Chime SDK PSTN audio, Lex V2, IvrApi on Lambda, Asterisk PBX",
});
app.Synth();
