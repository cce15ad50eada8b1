using System.Diagnostics;
using System.Text.Json.Nodes;
using IvrEmulators.Cdk;
using IvrEmulators.Lex;

namespace IvrApi.Tests.TestSupport;

/// <summary>
/// The bot definition deploy-cdk synthesizes, produced once per test run (CDK_OUTDIR in a temporary directory, no AWS
/// credentials), so the emulators run the bot that `cdk deploy` would ship.
/// </summary>
public static class SynthesizedBot
{
    private static readonly Lazy<Task<(string Path, TimeSpan Took)>> Synthesis = new(async () =>
    {
        var clock = Stopwatch.StartNew();
        var outDir = Path.Combine(Path.GetTempPath(), "ivr-emulators-synth-" + Environment.ProcessId);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            if (Directory.Exists(outDir))
            {
                Directory.Delete(outDir, recursive: true);
            }
        };
        var template = await CdkSynth.SynthesizeAsync(CdkSynth.FindRepositoryRoot(AppContext.BaseDirectory), outDir);
        return (template, clock.Elapsed);
    });

    public static async Task<string> TemplatePathAsync() => (await Synthesis.Value).Path;

    public static async Task<TimeSpan> SynthesisTimeAsync() => (await Synthesis.Value).Took;

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
