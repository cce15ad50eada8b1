using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace IvrApi.Tests.TestSupport;

/// <summary>
/// A stand-in for AWS Secrets Manager on loopback (it has no local equivalent): keeps secrets by name and answers
/// CreateSecret, PutSecretValue and DeleteSecret, with the errors the service model declares for each, after
/// recomputing the request's SigV4 signature. Every request is recorded as received, so a test can have it judged by
/// the service model itself (<see cref="ModelCheck"/>), not by this fake's own reading of it.
/// </summary>
public sealed class FakeSecretsManager(string secretKey, JsonElement model) : LoopbackFake(secretKey)
{

    public ConcurrentDictionary<string, string> Secrets { get; } = new();

    /// <summary>Each request: X-Amz-Target, Content-Type, the signing name of its Authorization, and its body.</summary>
    public ConcurrentQueue<JsonObject> Requests { get; } = new();

    public IEnumerable<string> Targets => Requests.Select(r => (string)r["target"]!);

    public static Task<FakeSecretsManager> StartAsync(string secretKey)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(ModelsDirectory(), "secretsmanager", "2017-10-17", "service-2.json")));
        return ListenAsync(new FakeSecretsManager(secretKey, document.RootElement.Clone()));
    }

    /// <summary>
    /// The recorded requests judged against the AWS SDK's Secrets Manager model (botocore), through spec-check's own
    /// checker (IvrApi.Tests/tools/check-json-requests.mjs): its summary line, or its errors.
    /// </summary>
    public string ModelCheck() => ModelCheck(new JsonArray([.. Requests.Select(r => r.DeepClone())]));

    public static string ModelCheck(JsonArray requests)
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "IvrApi.Tests", "tools", "check-json-requests.mjs"))) root = root.Parent!;
        var file = Path.GetTempFileName();
        File.WriteAllText(file, requests.ToJsonString());
        var start = new System.Diagnostics.ProcessStartInfo("node", [Path.Combine(root.FullName, "IvrApi.Tests", "tools", "check-json-requests.mjs"), "secretsmanager", file])
        { RedirectStandardOutput = true, RedirectStandardError = true };
        using var node = System.Diagnostics.Process.Start(start)!;
        var output = node.StandardOutput.ReadToEnd() + node.StandardError.ReadToEnd();
        node.WaitForExit();
        File.Delete(file);
        return output.Trim();
    }

    private static string ModelsDirectory() =>
        Environment.GetEnvironmentVariable("BOTOCORE_DATA") is { Length: > 0 } configured ? configured : "/usr/lib/python3/dist-packages/botocore/data";

    protected override async Task HandleAsync(HttpContext context, byte[] bytes)
    {
        var request = context.Request;
        var target = request.Headers["X-Amz-Target"].ToString();
        var signed = SigV4Verifier.SignedHeaders(request);
        JsonNode? body = null;
        try
        {
            body = JsonNode.Parse(bytes);
        }
        catch (JsonException)
        {
            Problems.Enqueue("body is not JSON");
        }

        Requests.Enqueue(new JsonObject
        {
            ["target"] = target,
            ["contentType"] = request.ContentType,
            ["signingName"] = request.Headers.Authorization.ToString().Split('/').ElementAtOrDefault(3),
            ["body"] = body?.DeepClone(),
        });
        var problems = SigV4Verifier.Check(request, bytes, SecretKey, "secretsmanager").ToList();
        if (request.Method != "POST" || request.Path != "/")
        {
            problems.Add($"{request.Method} {request.Path}: the JSON protocol posts to /");
        }

        if (!signed.Contains("x-amz-target"))
        {
            problems.Add("X-Amz-Target is not signed: anyone on the path could turn a PutSecretValue into a DeleteSecret");
        }

        if (Rejects(problems))
        {
            await ErrorAsync(context, null, "IncompleteSignature", string.Join("; ", problems));
            return;
        }

        if (Behaviour is { } behaviour)
        {
            await behaviour(context);
            return;
        }

        var operation = target.Split('.').ElementAtOrDefault(1) ?? "";
        var input = body as JsonObject ?? [];
        switch (operation)
        {
            case "CreateSecret" when Secrets.ContainsKey((string)input["Name"]!):
                await ErrorAsync(context, operation, "ResourceExistsException", "The operation failed because the secret already exists.");
                return;
            case "CreateSecret":
                Secrets[(string)input["Name"]!] = (string)input["SecretString"]!;
                await OkAsync(context, new JsonObject { ["Name"] = (string)input["Name"]!, ["VersionId"] = (string?)input["ClientRequestToken"] });
                return;
            case "PutSecretValue" when Secrets.ContainsKey((string)input["SecretId"]!):
                Secrets[(string)input["SecretId"]!] = (string)input["SecretString"]!;
                await OkAsync(context, new JsonObject { ["Name"] = (string)input["SecretId"]!, ["VersionId"] = (string?)input["ClientRequestToken"] });
                return;
            case "PutSecretValue" or "DeleteSecret" when !Secrets.ContainsKey((string)input["SecretId"]!):
                await ErrorAsync(context, operation, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
                return;
            case "DeleteSecret":
                Secrets.TryRemove((string)input["SecretId"]!, out _);
                await OkAsync(context, new JsonObject { ["Name"] = (string)input["SecretId"]!, ["DeletionDate"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds() });
                return;
            default:
                Problems.Enqueue($"operation {target} is not one this fake answers");
                await ErrorAsync(context, null, "UnknownOperationException", target);
                return;
        }
    }

    private static async Task OkAsync(HttpContext context, JsonObject body)
    {
        context.Response.ContentType = "application/x-amz-json-1.1";
        await context.Response.WriteAsync(body.ToJsonString());
    }

    /// <summary>A JSON 1.1 error; for an operation, only an error its model declares.</summary>
    private async Task ErrorAsync(HttpContext context, string? operation, string code, string message)
    {
        if (operation is not null && !model.GetProperty("operations").GetProperty(operation).GetProperty("errors").EnumerateArray().Any(e => e.GetProperty("shape").GetString() == code))
        {
            Problems.Enqueue($"this fake answered {operation} with {code}, which the model does not declare");
        }

        context.Response.StatusCode = 400;
        context.Response.ContentType = "application/x-amz-json-1.1";
        context.Response.Headers["x-amzn-ErrorType"] = code;
        await context.Response.WriteAsync(new JsonObject { ["__type"] = code, ["message"] = message }.ToJsonString());
    }
}
