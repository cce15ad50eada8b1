using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using IvrEmulators;
using IvrEmulators.Lex;
using IvrEmulators.Sma;
using Microsoft.Extensions.DependencyInjection;

namespace IvrApi.Tests.TestSupport;

/// <summary>
/// IvrApi in memory behind both emulators: the SMA emulator invokes POST /events as Chime invokes the Lambda, and the
/// Lex emulator posts its code hook events there too. With preload on, IvrApi's real SigV4 PutSession reaches the
/// emulator's loopback listener (process-wide AWS_ENDPOINT_URL_LEX_RUNTIME_V2: such tests belong to
/// <see cref="AwsEnvironmentCollection"/>).
/// </summary>
public sealed class EmulatedIvr : IAsyncDisposable
{
    private readonly HttpClient client;
    private readonly LexRuntimeHttpServer? putSession;
    private readonly string? previousEndpoint = Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL_LEX_RUNTIME_V2");

    private EmulatedIvr(IvrApiFactory app, BotDefinition bot, bool preload, DocReadings readings)
    {
        App = app;
        Lex = new LexRuntimeEmulator(bot, PostAsync, new LexEmulatorOptions { Readings = readings });
        if (preload)
        {
            putSession = new LexRuntimeHttpServer(Lex);
            putSession.Start();
            Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_LEX_RUNTIME_V2", putSession.Endpoint.ToString());
            app.With("Lex:PreloadSession", "true")
                .WithServices(s => s.AddSingleton<Func<AWSCredentials>>(() => new BasicAWSCredentials("AKIDEXAMPLE", "emulated-secret")));
        }

        app.With("Lex:BotAliasArn", Lex.BotAliasArn);
        Sma = new SmaEmulator(Lex, async (e, ct) => await PostAsync(e, ct), new SmaEmulatorOptions { VoiceConnectorArns = [IvrApiFactory.VoiceConnectorArn], Readings = readings });
        client = app.CreateClient();
        client.Timeout = TimeSpan.FromSeconds(20);
    }

    public IvrApiFactory App { get; }

    public LexRuntimeEmulator Lex { get; }

    public SmaEmulator Sma { get; }

    /// <summary>IvrApi behind both emulators; <paramref name="readings"/>: where the AWS pages are silent, which reading they play.</summary>
    public static async Task<EmulatedIvr> StartAsync(bool preload = false, IvrApiFactory? app = null, DocReadings? readings = null) =>
        new(app ?? new IvrApiFactory(), await SynthesizedBot.DefinitionAsync(), preload, readings ?? DocReadings.Default);

    public Task<CallRecord> CallAsync(CallScript script) => Sma.RunCallAsync(script);

    public async ValueTask DisposeAsync()
    {
        client.Dispose();
        if (putSession is not null)
        {
            await putSession.DisposeAsync();
            Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_LEX_RUNTIME_V2", previousEndpoint);
        }

        await App.DisposeAsync();
    }

    /// <summary>The Lambda: the event JSON in, the function's JSON answer out (an HTTP error is a function error).</summary>
    private async Task<JsonObject> PostAsync(JsonObject invocation, CancellationToken cancellationToken)
    {
        using var content = new StringContent(invocation.ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await client.PostAsync("/events", content, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(text)!.AsObject();
    }
}
