using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace IvrApi.Tests.TestSupport;

/// <summary>
/// A stand-in for the Lex V2 runtime on loopback (Lex has no local equivalent). It accepts a request only if it is a
/// PutSession exactly as the API reference defines it, signed with SigV4 for service <c>lex</c>; the signature is
/// recomputed here, independently of the SDK that made it. Anything else is answered 400 and recorded as a problem.
/// </summary>
public sealed partial class FakeLexRuntime(string secretKey) : LoopbackFake(secretKey)
{
    public ConcurrentQueue<(string Path, JsonElement Body, Dictionary<string, string> Headers)> PutSessions { get; } = new();

    public static Task<FakeLexRuntime> StartAsync(string secretKey) => ListenAsync(new FakeLexRuntime(secretKey));

    protected override async Task HandleAsync(HttpContext context, byte[] body)
    {
        var request = context.Request;
        var problems = Check(request, body);
        if (Rejects(problems))
        {
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

        problems.AddRange(SigV4Verifier.Check(request, body, SecretKey, "lex"));
        return problems;
    }

    [GeneratedRegex(@"^/bots/[0-9a-zA-Z]{10}/botAliases/[^/]+/botLocales/[^/]+/sessions/[0-9a-zA-Z._:-]{2,100}$")]
    private static partial Regex PutSessionPath();

}
