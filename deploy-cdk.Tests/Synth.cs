using System.Text.Json.Nodes;
using Amazon.CDK;
using Amazon.CDK.Assertions;

namespace IvrDeploy.Tests;

/// <summary>One synthesized stack: the CDK assertion view and the raw template JSON.</summary>
public sealed class SynthesizedStack
{
    public const string Account = "111111111111";
    public const string StackName = "IvrCallRouter";

    internal SynthesizedStack(IReadOnlyList<Department> departments, IDictionary<string, object>? context = null, string region = "us-east-1")
    {
        Departments = departments;
        var app = new App(new AppProps { Context = context, Outdir = Directory.CreateTempSubdirectory("cdk-test-").FullName });
        Settings = DeploySettings.FromContext(app.Node, RepositoryRoot);
        var stack = new IvrStack(app, StackName, departments, Settings, new StackProps
        {
            Env = new Amazon.CDK.Environment { Account = Account, Region = region },
        });
        Template = Template.FromStack(stack);
        var assembly = app.Synth();
        Json = JsonNode.Parse(File.ReadAllText(assembly.GetStackArtifact(stack.ArtifactId).TemplateFullPath))!.AsObject();
    }

    public static string RepositoryRoot { get; } = DeploySettings.FindRepositoryRoot(AppContext.BaseDirectory);

    internal IReadOnlyList<Department> Departments { get; }
    internal DeploySettings Settings { get; }
    public Template Template { get; }
    public JsonObject Json { get; }

    /// <summary>Resources of one CloudFormation type, by logical id.</summary>
    public IReadOnlyList<(string Id, JsonObject Resource)> Resources(string type) =>
        Json["Resources"]!.AsObject()
            .Where(r => r.Value!["Type"]!.GetValue<string>() == type)
            .Select(r => (r.Key, r.Value!.AsObject()))
            .ToList();

    public JsonObject Single(string type) => Resources(type).Should().ContainSingle().Subject.Resource;

    public JsonObject Props(string type) => Single(type)["Properties"]!.AsObject();
}

/// <summary>The stack as deployed by default, from the repository's own department list; synthesized once per test class.</summary>
public sealed class DefaultStackFixture
{
    public SynthesizedStack Stack { get; } = new(IvrDeploy.Departments.Load(Path.Combine(SynthesizedStack.RepositoryRoot, "IvrApi", "departments.json")));
}
