using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using IvrApi.Tests.TestSupport;

namespace IvrApi.Tests.Admin;

/// <summary>An admin API answer as a client sees it.</summary>
public sealed record AdminAnswer(int Status, JsonElement Body, string? ContentType, Uri? Location);

/// <summary>Admin API requests, and the calls that show whether routing follows them.</summary>
public static class AdminApi
{
    public static Task<AdminAnswer> GetAsync(HttpClient client, string path) => SendAsync(client, HttpMethod.Get, path, null, null);

    public static Task<AdminAnswer> PutAsync(HttpClient client, string path, string body, string mediaType = "application/json") =>
        SendAsync(client, HttpMethod.Put, path, body, mediaType);

    public static Task<AdminAnswer> PostAsync(HttpClient client, string path) => SendAsync(client, HttpMethod.Post, path, null, null);

    public static Task<AdminAnswer> DeleteAsync(HttpClient client, string path) => SendAsync(client, HttpMethod.Delete, path, null, null);

    /// <summary>The CallAndBridge parameters the SMA gets after the bot heard <paramref name="department"/>.</summary>
    public static async Task<JsonElement> BridgeAfterBotAsync(IvrApiFactory app, string department) =>
        Fixtures.Actions(await Fixtures.SmaAsync(app, Fixtures.BotResult(department))).Single(a => a.Type == "CallAndBridge").Parameters;

    /// <summary>The SMA's answer to a new call from +15555550100 to +15555550101.</summary>
    public static Task<JsonElement> NewCallAsync(IvrApiFactory app) => Fixtures.SmaAsync(app, Fixtures.Sma("new-inbound-call"));

    public static string Uri(JsonElement bridge) => bridge.GetProperty("Endpoints")[0].GetProperty("Uri").GetString()!;

    public static string EndpointType(JsonElement bridge) => bridge.GetProperty("Endpoints")[0].GetProperty("BridgeEndpointType").GetString()!;

    public static string[] Names(JsonElement list) =>
        list.EnumerateArray().Select(d => d.GetProperty("department_name").GetString()!).ToArray();

    private static async Task<AdminAnswer> SendAsync(HttpClient client, HttpMethod method, string path, string? body, string? mediaType)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType!);
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text.Length == 0 ? "null" : text);
        return new AdminAnswer((int)response.StatusCode, document.RootElement.Clone(), response.Content.Headers.ContentType?.MediaType, response.Headers.Location);
    }
}
