using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using IvrEmulators;
using IvrEmulators.Cdk;
using IvrEmulators.Lex;
using IvrEmulators.Sma;

// A whole call without AWS: the SMA emulator plays Chime, the Lex emulator plays the bot deploy-cdk synthesizes, and
// IvrApi answers both on POST /events as the Lambda would.
var options = Options.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("""
        usage: dotnet run --project tools/ivr-call -- [--url URL] [--script FILE.json] [--template FILE]
                                                      [--bot-alias-arn ARN] [--no-preload] [--pbx] [--verbose]
          --url            an IvrApi already running (default: start one on a free loopback port)
          --script         a call script (see tools/ivr-call/examples); without it, type what the caller does:
                           words, `#2#` or `dtmf 2#` for keys, `silence`, `hangup`
          --template       the synthesized IvrCallRouter.template.json (default: synthesize once into artifacts/ivr-call)
          --bot-alias-arn  with --url: the Lex:BotAliasArn that IvrApi is configured with
          --no-preload     start IvrApi with Lex:PreloadSession=false
          --pbx            bridges to the Voice Connector become real SIP INVITEs to the local Asterisk
                           (start it first: bash pbx/local-pbx.sh start; see pbx/README.md)
          --verbose        print every SMA event, Lex code hook call and PutSession with its answer
        """);
    return 2;
}

var root = CdkSynth.FindRepositoryRoot(Directory.GetCurrentDirectory());
var template = options.Template ?? await CachedTemplateAsync(root);
var bot = BotDefinition.FromTemplateFile(template);
var lexOptions = options.BotAliasArn is { } arn ? LexOptionsFrom(arn) : new LexEmulatorOptions();
using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
Uri? baseUrl = options.Url is null ? null : new Uri(options.Url.TrimEnd('/') + "/");

var lex = new LexRuntimeEmulator(bot, async (e, ct) => (await PostAsync(e, ct))!, lexOptions);
await using var putSession = new LexRuntimeHttpServer(lex);
putSession.Start();

const string VoiceConnectorArn = "arn:aws:chime:us-east-1:111111111111:vc/ivrcalllocal";
using var ivrApi = baseUrl is null ? await StartIvrApiAsync() : null;
Console.WriteLine($"IvrApi: {baseUrl}   bot alias: {lex.BotAliasArn}   PutSession endpoint: {putSession.Endpoint}");

var script = options.Script is null ? new CallScript() : CallScript.Parse(await File.ReadAllTextAsync(options.Script));
var record = new CallRecord();
ICallerInputSource inputs = options.Script is null ? new ConsoleInputs(record) : new ScriptedInputs(script.Inputs);
// The B-leg: answered as the script says, or, with --pbx, a real SIP INVITE to the local Asterisk.
IBridgeTarget bridges = options.Pbx ? new PbxBridgeTarget(root, new ScriptedBridgeTarget(script)) : new ScriptedBridgeTarget(script);
var sma = new SmaEmulator(lex, PostAsync, new SmaEmulatorOptions { VoiceConnectorArns = [VoiceConnectorArn] }, bridges);

await sma.RunCallAsync(script, inputs, record);
Console.WriteLine();
Console.Write(record.ToText(options.Verbose));
return record.Violations.Count == 0 ? 0 : 1;

async Task<JsonObject?> PostAsync(JsonObject invocation, CancellationToken cancellationToken)
{
    using var content = new StringContent(invocation.ToJsonString(), Encoding.UTF8, "application/json");
    using var response = await http.PostAsync(new Uri(baseUrl!, "events"), content, cancellationToken);
    var text = await response.Content.ReadAsStringAsync(cancellationToken);
    if (!response.IsSuccessStatusCode)
    {
        throw new HttpRequestException($"IvrApi answered {(int)response.StatusCode}: {text}");
    }

    return JsonNode.Parse(text) as JsonObject;
}

async Task<IvrApiProcess> StartIvrApiAsync()
{
    var port = FreePort();
    baseUrl = new Uri($"http://127.0.0.1:{port}/");
    var start = new ProcessStartInfo("dotnet", ["run", "--project", Path.Combine(root, "IvrApi"), "--no-launch-profile"])
    {
        WorkingDirectory = root,
        RedirectStandardOutput = true,
        RedirectStandardError = true,
    };
    start.Environment["ASPNETCORE_URLS"] = baseUrl.ToString();
    start.Environment["Lex__PreloadSession"] = options.Preload ? "true" : "false";
    start.Environment["Lex__BotAliasArn"] = lex.BotAliasArn;
    // The first signed PutSession of a cold process (JIT, credential and signer set-up) can outlast the 1 s default; 2 s is the most IvrApi accepts.
    start.Environment["Lex__PreloadTimeout"] = "00:00:02";
    start.Environment["Sma__VoiceConnectorArn"] = VoiceConnectorArn;
    start.Environment["AWS_ENDPOINT_URL_LEX_RUNTIME_V2"] = putSession.Endpoint.ToString();
    start.Environment["AWS_ACCESS_KEY_ID"] = "emulated";
    start.Environment["AWS_SECRET_ACCESS_KEY"] = "emulated";
    start.Environment["AWS_REGION"] = "us-east-1";
    start.Environment["DOTNET_NOLOGO"] = "1";
    var process = new IvrApiProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet could not be started."), options.Verbose);
    Console.Error.WriteLine($"starting IvrApi on {baseUrl} ...");
    for (var waited = 0; waited < 240; waited++)
    {
        if (process.HasExited)
        {
            throw new InvalidOperationException("IvrApi exited:\n" + process.Output);
        }

        try
        {
            using var health = await http.GetAsync(new Uri(baseUrl, "healthz"));
            if (health.IsSuccessStatusCode)
            {
                return process;
            }
        }
        catch (HttpRequestException)
        {
        }

        await Task.Delay(500);
    }

    throw new TimeoutException("IvrApi did not become healthy in 2 minutes:\n" + process.Output);
}

static int FreePort()
{
    using var probe = new TcpListener(IPAddress.Loopback, 0);
    probe.Start();
    return ((IPEndPoint)probe.LocalEndpoint).Port;
}

static LexEmulatorOptions LexOptionsFrom(string arn)
{
    // arn:aws:lex:REGION:ACCOUNT:bot-alias/BOT_ID/ALIAS_ID
    var parts = arn.Split(':');
    var resource = parts.Length == 6 ? parts[5].Split('/') : [];
    return resource is ["bot-alias", var botId, var aliasId]
        ? new LexEmulatorOptions { Region = parts[3], AccountId = parts[4], BotId = botId, BotAliasId = aliasId }
        : throw new ArgumentException($"'{arn}' is not a bot alias ARN.");
}

// Synthesized once into artifacts/ivr-call and reused while no deploy-cdk source or department list is newer.
static async Task<string> CachedTemplateAsync(string root)
{
    var outDir = Path.Combine(root, "artifacts", "ivr-call", "cdk.out");
    var template = Path.Combine(outDir, CdkSynth.TemplateName);
    var sources = Directory.EnumerateFiles(Path.Combine(root, "deploy-cdk"), "*", SearchOption.AllDirectories)
        .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
        .Append(Path.Combine(root, "IvrApi", "departments.json"));
    if (File.Exists(template) && sources.All(f => File.GetLastWriteTimeUtc(f) < File.GetLastWriteTimeUtc(template)))
    {
        return template;
    }

    Console.Error.WriteLine("synthesizing deploy-cdk (once; cached in artifacts/ivr-call) ...");
    return await CdkSynth.SynthesizeAsync(root, outDir);
}

internal sealed record Options(string? Url, string? Script, string? Template, string? BotAliasArn, bool Preload, bool Verbose, bool Pbx)
{
    public static Options? Parse(string[] args)
    {
        string? url = null, script = null, template = null, arn = null;
        bool preload = true, verbose = false, pbx = false;
        for (var i = 0; i < args.Length; i++)
        {
            string? Next() => i + 1 < args.Length ? args[++i] : null;
            switch (args[i])
            {
                case "--url": url = Next(); break;
                case "--script": script = Next(); break;
                case "--template": template = Next(); break;
                case "--bot-alias-arn": arn = Next(); break;
                case "--no-preload": preload = false; break;
                case "--verbose": verbose = true; break;
                case "--pbx": pbx = true; break;
                default: return null;
            }
        }

        return new Options(url, script, template, arn, preload, verbose, pbx);
    }
}

/// <summary>A person at the console plays the caller: what they hear is printed before each prompt.</summary>
internal sealed class ConsoleInputs(CallRecord record) : ICallerInputSource
{
    private CallerInput? next;
    private int shown;

    public CallerInput? Peek()
    {
        if (next is not null)
        {
            return next;
        }

        for (; shown < record.Heard.Count; shown++)
        {
            Console.WriteLine($"  [{record.Heard[shown].Source}] {record.Heard[shown].Text}");
        }

        Console.Write("caller> ");
        var line = Console.ReadLine();
        next = line is null ? new CallerInput.HangUp() : CallerInput.Parse(line);
        return next;
    }

    public void Take() => next = null;
}

/// <summary>The IvrApi child process: its output kept for errors, the whole tree stopped on dispose.</summary>
internal sealed class IvrApiProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    public IvrApiProcess(Process process, bool echo)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) => Keep(e.Data, echo);
        process.ErrorDataReceived += (_, e) => Keep(e.Data, echo);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public bool HasExited => process.HasExited;

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }

        process.Dispose();
    }

    private void Keep(string? line, bool echo)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }

        if (echo)
        {
            Console.Error.WriteLine("  ivrapi| " + line);
        }
    }
}
