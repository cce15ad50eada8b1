using System.Text.Json.Nodes;
using IvrEmulators.Cdk;
using IvrEmulators.Lex;

namespace IvrApi.Tests.TestSupport;

/// <summary>
/// The bot definition deploy-cdk synthesizes, produced once per test run (CDK_OUTDIR under artifacts/, no AWS
/// credentials), so the emulators run the bot that `cdk deploy` would ship.
/// </summary>
public static class SynthesizedBot
{
    private static readonly Lazy<Task<string>> Synthesis = new(async () =>
    {
        // Under artifacts/ (ignored), replaced on every run: a test host may be killed before any clean-up runs.
        var root = CdkSynth.FindRepositoryRoot(AppContext.BaseDirectory);
        var outDir = Path.Combine(root, "artifacts", "emulators-synth");
        if (Directory.Exists(outDir))
        {
            Directory.Delete(outDir, recursive: true);
        }

        return await CdkSynth.SynthesizeAsync(root, outDir);
    });

    public static Task<string> TemplatePathAsync() => Synthesis.Value;

    public static async Task<BotDefinition> DefinitionAsync() => BotDefinition.FromTemplateFile(await TemplatePathAsync());

    /// <summary>The synthesized template itself, to read or to vary for a rule the deployed bot does not exercise.</summary>
    public static async Task<JsonObject> TemplateAsync() => JsonNode.Parse(await File.ReadAllTextAsync(await TemplatePathAsync()))!.AsObject();

    /// <summary>The synthesized bot with <paramref name="edit"/> applied to its RouteCall intent.</summary>
    public static async Task<BotDefinition> VariantAsync(Action<JsonObject> edit)
    {
        var template = await TemplateAsync();
        var bot = template["Resources"]!.AsObject().Select(r => r.Value!).Single(r => r["Type"]!.GetValue<string>() == "AWS::Lex::Bot");
        var intent = bot["Properties"]!["BotLocales"]![0]!["Intents"]!.AsArray().Select(i => i!.AsObject())
            .Single(i => i["Name"]!.GetValue<string>() == "RouteCall");
        edit(intent);
        return BotDefinition.FromTemplate(template);
    }
}
