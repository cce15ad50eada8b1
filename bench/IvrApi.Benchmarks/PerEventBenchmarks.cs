using System.Net.Http.Headers;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using IvrApi.Lex;
using IvrApi.Sma;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IvrApi.Benchmarks;

/// <summary>
/// What one SMA or Lex event costs in process, with the embedded department directory and the services exactly as
/// Program builds them. Events are parsed once in setup: the handler benchmarks measure the decision and the
/// response objects, not JSON parsing; <see cref="SmaOverInMemoryHttp"/> measures the whole ASP.NET pipeline.
/// <see cref="Logging"/> Information is production's level, writing the Lambda JSON lines to a null console;
/// Warning leaves logging out of the figure.
/// </summary>
[MemoryDiagnoser]
public class PerEventBenchmarks
{
    private Factory factory = null!;
    private SmaHandler sma = null!;
    private LexCodeHook lex = null!;
    private HttpClient client = null!;
    private JsonDocument newInboundCall = null!;
    private JsonDocument botFinished = null!;
    private JsonDocument lexKnownDepartment = null!;
    private JsonDocument lexUnknownDepartment = null!;
    private byte[] newInboundCallBytes = [];

    [Params("Warning", "Information")]
    public string Logging { get; set; } = "Warning";

    [GlobalSetup]
    public async Task SetupAsync()
    {
        // As on Lambda: compact JSON lines on stdout, which here go nowhere.
        Environment.SetEnvironmentVariable("AWS_LAMBDA_FUNCTION_NAME", "benchmark");
        Console.SetOut(TextWriter.Null);
        factory = new Factory(Logging);
        sma = factory.Services.GetRequiredService<SmaHandler>();
        lex = factory.Services.GetRequiredService<LexCodeHook>();
        client = factory.CreateClient();
        newInboundCallBytes = Fixtures.Read("sma/new-inbound-call.json");
        newInboundCall = JsonDocument.Parse(newInboundCallBytes);
        botFinished = JsonDocument.Parse(Fixtures.Read("sma/action-successful-start-bot-conversation.json"));
        lexKnownDepartment = JsonDocument.Parse(Fixtures.Read("lex/dialog-hook-department-valid.json"));
        lexUnknownDepartment = JsonDocument.Parse(Fixtures.Read("lex/dialog-hook-department-unknown.json"));

        // Measure the paths a real call takes, not an error path: each event must get the answer it exists for.
        Expect((await SmaNewInboundCall().ConfigureAwait(false)).Actions?[0] is StartBotConversationAction, "NEW_INBOUND_CALL starts the bot");
        Expect((await SmaRouteToDepartment().ConfigureAwait(false)).Actions?.Any(a => a is CallAndBridgeAction) == true, "the bot's answer bridges the call");
        Expect((await LexKnownDepartment().ConfigureAwait(false)).SessionState.DialogAction.Type == "Close", "a known department closes the intent");
        Expect((await LexUnknownDepartment().ConfigureAwait(false)).SessionState.DialogAction.Type == "ElicitSlot", "an unknown one asks again");
        Expect(await SmaOverInMemoryHttp().ConfigureAwait(false) == 200, "POST /sma answers 200");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        client.Dispose();
        factory.Dispose();
        newInboundCall.Dispose();
        botFinished.Dispose();
        lexKnownDepartment.Dispose();
        lexUnknownDepartment.Dispose();
    }

    [Benchmark(Description = "SMA NEW_INBOUND_CALL -> StartBotConversation")]
    public Task<SmaResponse> SmaNewInboundCall() => sma.HandleAsync(newInboundCall.RootElement, CancellationToken.None);

    [Benchmark(Description = "SMA bot result 'history' -> CallAndBridge (routing decision)")]
    public Task<SmaResponse> SmaRouteToDepartment() => sma.HandleAsync(botFinished.RootElement, CancellationToken.None);

    [Benchmark(Description = "Lex dialog hook, known department -> Close")]
    public Task<LexCodeHookResponse> LexKnownDepartment() => lex.HandleAsync(lexKnownDepartment.RootElement, CancellationToken.None);

    [Benchmark(Description = "Lex dialog hook, unknown department -> ElicitSlot")]
    public Task<LexCodeHookResponse> LexUnknownDepartment() => lex.HandleAsync(lexUnknownDepartment.RootElement, CancellationToken.None);

    [Benchmark(Description = "POST /sma NEW_INBOUND_CALL through the in-memory test server")]
    public async Task<int> SmaOverInMemoryHttp()
    {
        using var content = new ByteArrayContent(newInboundCallBytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await client.PostAsync(new Uri("/sma", UriKind.Relative), content).ConfigureAwait(false);
        await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
        return (int)response.StatusCode;
    }

    private static void Expect(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"Benchmark setup: expected that {what}.");
        }
    }

    /// <summary>The app as Program builds it, with the ARNs a deployment sets.</summary>
    private sealed class Factory(string logLevel) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("Sma:VoiceConnectorArn", "arn:aws:chime:us-east-1:111122223333:vc/abcdefg1hijklm2nopq3rs");
            builder.UseSetting("Lex:BotAliasArn", "arn:aws:lex:us-east-1:111122223333:bot-alias/ABCDEFGHIJ/KLMNOPQRST");
            builder.UseSetting("Logging:MinimumLevel", logLevel);
        }
    }
}
