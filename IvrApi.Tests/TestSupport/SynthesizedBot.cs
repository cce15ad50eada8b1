using System.Diagnostics;
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
        var template = await CdkSynth.SynthesizeAsync(CdkSynth.FindRepositoryRoot(AppContext.BaseDirectory), outDir);
        return (template, clock.Elapsed);
    });

    public static async Task<string> TemplatePathAsync() => (await Synthesis.Value).Path;

    public static async Task<TimeSpan> SynthesisTimeAsync() => (await Synthesis.Value).Took;

    public static async Task<BotDefinition> DefinitionAsync() => BotDefinition.FromTemplateFile(await TemplatePathAsync());
}
