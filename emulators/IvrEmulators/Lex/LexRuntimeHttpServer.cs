using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace IvrEmulators.Lex;

/// <summary>
/// PutSession over HTTP on loopback, so a service's real SigV4-signed call (endpoint from
/// <c>AWS_ENDPOINT_URL_LEX_RUNTIME_V2</c>) reaches the emulator:
/// <c>POST /bots/{botId}/botAliases/{botAliasId}/botLocales/{localeId}/sessions/{sessionId}</c>
/// (https://docs.aws.amazon.com/lexv2/latest/APIReference/API_runtime_PutSession.html). A request that is not SigV4
/// signed is refused 403, as AWS would; the signature itself is not verified.
/// </summary>
public sealed class LexRuntimeHttpServer : IAsyncDisposable
{
    private readonly LexRuntimeEmulator lex;
    private readonly HttpListener listener = new();
    private readonly CancellationTokenSource stopping = new();
    private Task? loop;

    /// <param name="port">A fixed loopback port (e.g. the one a locally run service is configured with); 0 takes a free one.</param>
    public LexRuntimeHttpServer(LexRuntimeEmulator lex, int port = 0)
    {
        this.lex = lex;
        Port = port == 0 ? FreePort() : port;
        listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
    }

    public int Port { get; }

    /// <summary>The value for <c>AWS_ENDPOINT_URL_LEX_RUNTIME_V2</c>.</summary>
    public Uri Endpoint => new($"http://127.0.0.1:{Port}/");

    public void Start()
    {
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        listener.Close();
        if (loop is not null)
        {
            await loop.ConfigureAwait(false);
        }

        stopping.Dispose();
    }

    private async Task ServeAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            await AnswerAsync(context).ConfigureAwait(false);
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var response = context.Response;
        try
        {
            var request = context.Request;
            var parts = request.Url!.AbsolutePath.Trim('/').Split('/').Select(Uri.UnescapeDataString).ToArray();
            if (!(request.Headers["Authorization"] ?? "").StartsWith("AWS4-HMAC-SHA256 ", StringComparison.Ordinal))
            {
                await ErrorAsync(response, 403, "AccessDeniedException", "Missing SigV4 Authorization header.").ConfigureAwait(false);
                return;
            }

            if (request.HttpMethod != "POST" || parts is not ["bots", var bot, "botAliases", var alias, "botLocales", var locale, "sessions", var session])
            {
                await ErrorAsync(response, 404, "ResourceNotFoundException", $"No route for {request.HttpMethod} {request.Url.AbsolutePath}.").ConfigureAwait(false);
                return;
            }

            string body;
            using (var reader = new StreamReader(request.InputStream, Encoding.UTF8))
            {
                body = await reader.ReadToEndAsync().ConfigureAwait(false);
            }

            JsonObject json;
            try
            {
                json = JsonNode.Parse(body) as JsonObject ?? throw new JsonException("not an object");
            }
            catch (JsonException e)
            {
                await ErrorAsync(response, 400, "ValidationException", "The request body is not a JSON object: " + e.Message).ConfigureAwait(false);
                return;
            }

            var headers = lex.PutSession(bot, alias, locale, session, json);
            response.StatusCode = 200;
            response.ContentType = "text/plain; charset=utf-8";
            foreach (var (name, value) in headers)
            {
                response.Headers[name] = value;
            }

            response.ContentLength64 = 0;
            response.Close();
        }
        catch (LexApiException e)
        {
            await ErrorAsync(response, e.Status, e.ErrorType, e.Message).ConfigureAwait(false);
        }
    }

    /// <summary>rest-json errors: the name in <c>x-amzn-ErrorType</c>, <c>{"message": ...}</c> in the body.</summary>
    private static async Task ErrorAsync(HttpListenerResponse response, int status, string errorType, string message)
    {
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.Headers["x-amzn-ErrorType"] = errorType;
        var bytes = Encoding.UTF8.GetBytes(new JsonObject { ["message"] = message }.ToJsonString());
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
        response.Close();
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
