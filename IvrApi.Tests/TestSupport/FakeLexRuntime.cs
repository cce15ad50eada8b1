using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace IvrApi.Tests.TestSupport;

/// <summary>
/// A stand-in for the Lex V2 runtime on loopback (Lex has no local equivalent). It accepts a request only if it is a
/// PutSession exactly as the API reference defines it, signed with SigV4 for service <c>lex</c>; the signature is
/// recomputed here, independently of the SDK that made it. Anything else is answered 400 and recorded as a problem.
/// </summary>
public sealed partial class FakeLexRuntime : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly string secretKey;

    private FakeLexRuntime(WebApplication app, string secretKey)
    {
        this.app = app;
        this.secretKey = secretKey;
    }

    public ConcurrentQueue<string> Problems { get; } = new();

    public ConcurrentQueue<(string Path, JsonElement Body, Dictionary<string, string> Headers)> PutSessions { get; } = new();

    /// <summary>What to do after a valid request: answer normally by default.</summary>
    public Func<HttpContext, Task>? Behaviour { get; set; }

    public string Endpoint => app.Urls.First();

    public static async Task<FakeLexRuntime> StartAsync(string secretKey)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakeLexRuntime(app, secretKey);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var problems = Check(request, body);
        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                Problems.Enqueue(problem);
            }

            context.Response.StatusCode = 400;
            context.Response.Headers["x-amzn-ErrorType"] = "ValidationException";
            await context.Response.WriteAsync("{\"message\":\"" + string.Join("; ", problems).Replace("\"", "'", StringComparison.Ordinal) + "\"}");
            return;
        }

        using var json = JsonDocument.Parse(body);
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        PutSessions.Enqueue((request.Path.Value!, json.RootElement.Clone(), headers));
        if (Behaviour is { } behaviour)
        {
            await behaviour(context);
            return;
        }

        context.Response.Headers["x-amz-lex-session-id"] = request.Path.Value!.Split('/')[^1];
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync("");
    }

    private List<string> Check(HttpRequest request, byte[] body)
    {
        var problems = new List<string>();
        if (request.Method != "POST")
        {
            problems.Add($"method {request.Method} is not POST");
        }

        if (!PutSessionPath().IsMatch(request.Path.Value ?? ""))
        {
            problems.Add($"path {request.Path} is not /bots/{{botId}}/botAliases/{{botAliasId}}/botLocales/{{localeId}}/sessions/{{sessionId}}");
        }

        if (request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) != true)
        {
            problems.Add($"Content-Type {request.ContentType} is not application/json");
        }

        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            var unknown = root.EnumerateObject().Select(p => p.Name).Except(["sessionState", "messages", "requestAttributes"]).ToArray();
            if (unknown.Length > 0)
            {
                problems.Add($"unknown body members {string.Join(",", unknown)}");
            }

            if (!root.TryGetProperty("sessionState", out var state) || state.ValueKind != JsonValueKind.Object)
            {
                problems.Add("sessionState is required");
            }
            else if (state.TryGetProperty("sessionAttributes", out var attributes)
                && attributes.EnumerateObject().Any(a => a.Value.ValueKind != JsonValueKind.String))
            {
                problems.Add("sessionAttributes must be a string map");
            }
        }
        catch (JsonException)
        {
            problems.Add("body is not JSON");
        }

        problems.AddRange(CheckSignature(request, body));
        return problems;
    }

    /// <summary>SigV4 as the AWS General Reference defines it, recomputed from the request as received.</summary>
    private IEnumerable<string> CheckSignature(HttpRequest request, byte[] body)
    {
        var authorization = request.Headers.Authorization.ToString();
        var match = AuthorizationHeader().Match(authorization);
        if (!match.Success)
        {
            yield return $"Authorization '{authorization}' is not AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…";
            yield break;
        }

        var (date, region, service) = (match.Groups["date"].Value, match.Groups["region"].Value, match.Groups["service"].Value);
        if (service != "lex")
        {
            yield return $"signing service is '{service}', not 'lex'";
        }

        var amzDate = request.Headers["X-Amz-Date"].ToString();
        if (!amzDate.StartsWith(date, StringComparison.Ordinal))
        {
            yield return "X-Amz-Date is missing or does not match the credential scope date";
        }

        var signedHeaders = match.Groups["signed"].Value.Split(';');
        if (!signedHeaders.Contains("host") || !signedHeaders.Contains("x-amz-date"))
        {
            yield return "host and x-amz-date must be signed";
        }

        if (request.Headers.ContainsKey("X-Amz-Security-Token") && !signedHeaders.Contains("x-amz-security-token"))
        {
            yield return "x-amz-security-token is sent but not signed";
        }

        var payloadHash = request.Headers.TryGetValue("x-amz-content-sha256", out var declared) ? declared.ToString() : Hex(SHA256.HashData(body));
        if (payloadHash != Hex(SHA256.HashData(body)))
        {
            yield return "x-amz-content-sha256 does not match the body";
        }

        var canonicalHeaders = string.Concat(signedHeaders.Select(h => $"{h}:{Trim(h == "host" ? request.Host.Value! : request.Headers[h].ToString())}\n"));
        var canonicalRequest = string.Join('\n', request.Method, request.Path.Value, request.QueryString.Value?.TrimStart('?') ?? "", canonicalHeaders, string.Join(';', signedHeaders), payloadHash);
        var scope = $"{date}/{region}/{service}/aws4_request";
        var stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";
        var key = Encoding.UTF8.GetBytes("AWS4" + secretKey);
        foreach (var part in new[] { date, region, service, "aws4_request" })
        {
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        }

        var expected = Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
        if (expected != match.Groups["signature"].Value)
        {
            yield return "signature does not verify";
        }
    }

    private static string Trim(string value) => MultipleSpaces().Replace(value.Trim(), " ");

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLower(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^/bots/[0-9a-zA-Z]{10}/botAliases/[^/]+/botLocales/[^/]+/sessions/[0-9a-zA-Z._:-]{2,100}$")]
    private static partial Regex PutSessionPath();

    [GeneratedRegex(@"^AWS4-HMAC-SHA256 Credential=(?<key>[^/]+)/(?<date>\d{8})/(?<region>[a-z0-9-]+)/(?<service>[a-z0-9-]+)/aws4_request, ?SignedHeaders=(?<signed>[a-z0-9;-]+), ?Signature=(?<signature>[0-9a-f]{64})$")]
    private static partial Regex AuthorizationHeader();

    [GeneratedRegex(" +")]
    private static partial Regex MultipleSpaces();
}
