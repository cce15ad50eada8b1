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
// IvrApi answers both on POST /events as the Lambda would. Exit codes: see Options.Usage.
// --callers (several callers at once) is SeveralCallers' own; the other options are Options'.
var (callersFile, otherArgs, callersError) = SeveralCallers.Take(args);
var (options, usageError) = callersError is null ? Options.Parse(otherArgs) : (null, callersError);
if (options is null)
{
    return Fail(2, usageError!);
}

if (options.Help)
{
    Console.WriteLine(Options.Usage + SeveralCallers.Usage + CallerList.Format);
    return 0;
}

// The script first: a wrong one is refused before anything is started.
CallScript? script = null;
if (options.Script is not null)
{
    if (!File.Exists(options.Script))
    {
        return Fail(2, $"call script '{options.Script}' not found");
    }

    try
    {
        script = CallScript.Parse(await File.ReadAllTextAsync(options.Script));
    }
    catch (CallScriptException e)
    {
        return Fail(2, $"{options.Script}: {e.Message}");
    }
}

IReadOnlyList<ListedCaller>? callers = null;
if (callersFile is not null)
{
    try
    {
        callers = CallerList.Parse(File.Exists(callersFile) ? await File.ReadAllTextAsync(callersFile) : throw new FileNotFoundException());
    }
    catch (FileNotFoundException)
    {
        return Fail(2, $"caller list '{callersFile}' not found");
    }
    catch (CallScriptException e)
    {
        return Fail(2, $"{callersFile}: {e.Message}");
    }
}

if (options.Template is not null && !File.Exists(options.Template))
{
    return Fail(2, $"template '{options.Template}' not found");
}

LexEmulatorOptions lexOptions;
try
{
    lexOptions = options.BotAliasArn is { } arn ? LexOptionsFrom(arn) : new LexEmulatorOptions();
}
catch (ArgumentException e)
{
    return Fail(2, e.Message);
}

var root = CdkSynth.FindRepositoryRoot(Directory.GetCurrentDirectory());
using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
Uri? baseUrl = options.Url is null ? null : new Uri(options.Url.TrimEnd('/') + "/");
if (baseUrl is not null && await UnreachableAsync(baseUrl) is { } unreachable)
{
    return Fail(3, $"IvrApi at {baseUrl} does not answer /healthz ({unreachable}); start it first (README: \"Try your own service in a whole call\")");
}

var template = options.Template ?? await CachedTemplateAsync(root);
var bot = BotDefinition.FromTemplateFile(template);
var lex = new LexRuntimeEmulator(bot, async (e, ct) => (await PostAsync(e, ct))!, lexOptions);
var putSessionPort = options.PutSessionPort ?? (baseUrl is null ? 0 : Options.DefaultPutSessionPort);
await using var putSession = new LexRuntimeHttpServer(lex, putSessionPort);
try
{
    putSession.Start();
}
catch (HttpListenerException e)
{
    return Fail(3, $"the emulated Lex runtime cannot listen on port {putSessionPort} ({e.Message}); free it or choose another with --put-session-port");
}

using var ivrApi = baseUrl is null ? await StartIvrApiAsync() : null;
Console.WriteLine($"IvrApi: {baseUrl}   bot alias: {lex.BotAliasArn}   PutSession endpoint: {putSession.Endpoint}");

if (callers is not null)
{
    return await SeveralCallers.RunAsync(callers, lex, PostAsync, root, options.Pbx, options.Verbose);
}

var record = new CallRecord();
var console = script is null ? new ConsoleInputs(record, Console.In, Console.Out) : null;
script ??= new CallScript();
if (options.Called is { } called)
{
    script = script with { CalledNumber = called };
}

var scripted = console is null ? new ScriptedInputs(script.Inputs) : null;
// The B-leg: answered as the script says, or, with --pbx, a real SIP INVITE to the local Asterisk.
IBridgeTarget bridges = options.Pbx ? new PbxBridgeTarget(root, new ScriptedBridgeTarget(script)) : new ScriptedBridgeTarget(script);
var sma = new SmaEmulator(lex, PostAsync, new SmaEmulatorOptions { VoiceConnectorArns = [Options.VoiceConnectorArn] }, bridges);

await sma.RunCallAsync(script, (ICallerInputSource?)console ?? scripted!, record);
console?.Finish();
Console.WriteLine();
Console.Write(record.ToText(options.Verbose));
if (scripted?.Remaining is { Count: > 0 } unused)
{
    Console.WriteLine($"NOTE the call ended before {unused.Count} of the script's inputs: {string.Join(", ", unused.Select(i => i.ToString()))}");
}

var problems = CallDiagnosis.ConfigurationProblems(record, lex.BotAliasArn, Options.VoiceConnectorArn);
foreach (var problem in problems)
{
    Console.Error.WriteLine("ivr-call: " + problem);
}

return problems.Count > 0 ? 3 : record.Violations.Count == 0 ? 0 : 1;

static int Fail(int code, string message)
{
    Console.Error.WriteLine("ivr-call: " + message);
    return code;
}

async Task<string?> UnreachableAsync(Uri url)
{
    try
    {
        using var health = await http.GetAsync(new Uri(url, "healthz"));
        return health.IsSuccessStatusCode ? null : $"HTTP {(int)health.StatusCode}";
    }
    catch (HttpRequestException e)
    {
        return e.Message;
    }
    catch (TaskCanceledException)
    {
        return "no answer in 30 s";
    }
}

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
    start.Environment["Sma__VoiceConnectorArn"] = Options.VoiceConnectorArn;
    if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("Routing__SpanishNumbers")))
    {
        start.Environment["Routing__SpanishNumbers"] = Options.SpanishLine;
    }

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

        if (await UnreachableAsync(baseUrl) is null)
        {
            return process;
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
        : throw new ArgumentException($"--bot-alias-arn '{arn}' is not a bot alias ARN (arn:aws:lex:REGION:ACCOUNT:bot-alias/BOT_ID/ALIAS_ID)");
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
