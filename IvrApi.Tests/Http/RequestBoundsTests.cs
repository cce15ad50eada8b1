using System.Net;
using System.Text;
using System.Text.Json;
using IvrApi.Tests.TestSupport;

namespace IvrApi.Tests.Http;

/// <summary>
/// Every endpoint reads a bounded body: an SMA or Lex event is a few KB, so far larger bodies are answered 413 as an
/// RFC 7807 problem without being parsed, whether their length is declared or not (chunked).
/// </summary>
public sealed class RequestBoundsTests(LocalAdminFactory app) : IClassFixture<LocalAdminFactory>
{
    public static TheoryData<string, string, int> OversizedBodies => new()
    {
        { "POST", "/sma", 200 * 1024 },
        { "POST", "/lex-hook", 200 * 1024 },
        { "POST", "/events", 200 * 1024 },
        { "POST", "/sma", 20 * 1024 * 1024 },
        { "PUT", "/departments/geology", 100 * 1024 },
        { "PUT", "/rules/vip", 100 * 1024 },
    };

    [Theory]
    [MemberData(nameof(OversizedBodies))]
    public async Task An_oversized_body_is_a_413_problem_with_or_without_a_declared_length(string method, string path, int size)
    {
        using var client = app.CreateClient();

        foreach (var declared in new[] { true, false })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = Body(size, declared) };
            using var response = await client.SendAsync(request);

            response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge, "{0} {1} of {2} bytes, length declared: {3}", method, path, size, declared);
            response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            problem.RootElement.GetProperty("status").GetInt32().Should().Be(413);
        }
    }

    [Fact]
    public async Task An_event_with_20000_character_values_is_still_answered()
    {
        using var client = app.CreateClient();
        var call = Fixtures.Sma("new-inbound-call");
        call["CallDetails"]!["TransactionId"] = new string('t', 20_000);

        var (status, _) = await Fixtures.PostAsync(client, "/sma", call);

        status.Should().Be(200);
    }

    /// <summary>A JSON object of <paramref name="size"/> bytes: big, but otherwise a readable event.</summary>
    private static HttpContent Body(int size, bool declared)
    {
        var json = Encoding.UTF8.GetBytes($"{{\"InvocationEventType\":\"RINGING\",\"padding\":\"{new string('x', size)}\"}}");
        HttpContent content = declared ? new ByteArrayContent(json) : new StreamContent(new UnknownLengthStream(json));
        content.Headers.ContentType = new("application/json");
        return content;
    }

    /// <summary>A stream that will not tell its length, so the client sends it chunked.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
