using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

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
}
