using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using IvrEmulators.Contracts;

namespace IvrApi.Tests.TestSupport;

/// <summary>Recorded events (built from the AWS documentation's examples) and helpers to send them.</summary>
public static class Fixtures
{
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static JsonObject Sma(string name) => Load(Path.Combine(Directory, "sma", name + ".json"));

    public static JsonObject Lex(string name) => Load(Path.Combine(Directory, "lex", name + ".json"));

    public static IEnumerable<string> SmaNames() =>
        System.IO.Directory.GetFiles(Path.Combine(Directory, "sma"), "*.json").Select(Path.GetFileNameWithoutExtension).Order()!;

    public static IEnumerable<string> LexNames() =>
        System.IO.Directory.GetFiles(Path.Combine(Directory, "lex"), "*.json").Select(Path.GetFileNameWithoutExtension).Order()!;

    public static JsonObject Load(string path) => JsonNode.Parse(File.ReadAllText(path))!.AsObject();

    public static async Task<(int Status, JsonElement Body)> PostAsync(HttpClient client, string path, JsonNode body) =>
        await PostAsync(client, path, body.ToJsonString());

    public static async Task<(int Status, JsonElement Body)> PostAsync(HttpClient client, string path, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await client.PostAsync(path, content);
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text.Length == 0 ? "null" : text);
        return ((int)response.StatusCode, document.RootElement.Clone());
    }

    /// <summary>The actions of an SMA answer, as (Type, Parameters).</summary>
    public static IReadOnlyList<(string Type, JsonElement Parameters)> Actions(JsonElement smaResponse) =>
        smaResponse.TryGetProperty("Actions", out var actions) && actions.ValueKind == JsonValueKind.Array
            ? actions.EnumerateArray().Select(a => (a.GetProperty("Type").GetString()!, a.GetProperty("Parameters"))).ToArray()
            : [];

    public static string Types(JsonElement smaResponse) => string.Join(",", Actions(smaResponse).Select(a => a.Type));

    /// <summary>Sends an SMA event to /sma and returns the answer, after checking it is HTTP 200 and valid by the SMA contract.</summary>
    public static async Task<JsonElement> SmaAsync(IvrApiFactory app, JsonObject call)
    {
        using var client = app.CreateClient();
        client.Timeout = TimeSpan.FromSeconds(10);
        var (status, answer) = await PostAsync(client, "/sma", call);
        status.Should().Be(200);
        using var request = JsonDocument.Parse(call.ToJsonString());
        SmaContract.Problems(request.RootElement, answer).Should().BeEmpty();
        return answer;
    }

    /// <summary>Sends a code hook event to /lex-hook and returns the answer, after checking it is HTTP 200 and valid for Lex.</summary>
    public static async Task<JsonElement> LexAsync(IvrApiFactory app, JsonObject turn)
    {
        using var client = app.CreateClient();
        client.Timeout = TimeSpan.FromSeconds(10);
        var (status, answer) = await PostAsync(client, "/lex-hook", turn);
        status.Should().Be(200);
        LexCodeHookContract.Check(answer).Should().BeEmpty();
        return answer;
    }

    /// <summary>The bot's result for a call on which the caller asked for <paramref name="department"/>.</summary>
    public static JsonObject BotResult(string department)
    {
        var call = Sma("action-successful-start-bot-conversation");
        call["ActionData"]!["IntentResult"]!["SessionState"]!["Intent"]!["Slots"]!["Department"] = new JsonObject
        {
            ["Value"] = new JsonObject { ["OriginalValue"] = department, ["InterpretedValue"] = department, ["ResolvedValues"] = new JsonArray() },
        };
        return call;
    }
}
