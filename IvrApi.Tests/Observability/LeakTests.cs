using System.Text.Json;
using IvrApi.Tests.TestSupport;
using Serilog.Events;

namespace IvrApi.Tests.Observability;

/// <summary>What leaves the service: log lines a caller cannot forge, and problem details without exception text.</summary>
public sealed class LeakTests
{
    private const string Forged = "\r\n[12:00:00 INF] Routing decision: vip via pstnNumber (Matched)\u001b[2J\u2028";

    [Fact]
    public async Task Control_characters_from_an_event_are_escaped_before_any_log_sink()
    {
        using var app = new IvrApiFactory();
        var call = Fixtures.Sma("new-inbound-call");
        call["CallDetails"]!["TransactionId"] = "tx" + Forged;

        await Fixtures.SmaAsync(app, call);

        var values = app.Logs.Events.SelectMany(e => e.Properties.Values).OfType<ScalarValue>().Select(v => v.Value).OfType<string>().ToArray();
        values.Should().Contain(@"tx\r\n[12:00:00 INF] Routing decision: vip via pstnNumber (Matched)\u001b[2J\u2028", "the call's id from the log scope is escaped too");
        values.Should().NotContain(v => v.Any(c => char.IsControl(c) || c == '\u2028'));
        app.Logs.Events.Select(e => e.RenderMessage()).Should().NotContain(m => m.Contains('\n') || m.Contains('\r'));
    }

    [Theory]
    [InlineData("/sma", "{\"InvocationEventType\": NEW_INBOUND_CALL}")]
    [InlineData("/lex-hook", "{\"sessionState\": {\"x\": }")]
    [InlineData("/events", "'CallDetails'")]
    public async Task A_problem_names_where_the_body_is_broken_but_carries_no_exception_text(string path, string body)
    {
        using var app = new IvrApiFactory();
        using var client = app.CreateClient();
        var parserMessage = ParserMessage(body);

        var (status, problem) = await Fixtures.PostAsync(client, path, body);

        status.Should().Be(400);
        var detail = problem.GetProperty("detail").GetString();
        detail.Should().Contain("line").And.NotContain(parserMessage);
    }

    [Fact]
    public async Task A_broken_event_is_located_counting_lines_and_bytes_from_1()
    {
        using var app = new IvrApiFactory();
        using var client = app.CreateClient();

        var (status, problem) = await Fixtures.PostAsync(client, "/sma", "{\n  \"InvocationEventType\": }");

        status.Should().Be(400);
        problem.GetProperty("detail").GetString().Should().Contain("line 2, byte 26");
    }

    [Fact]
    public async Task An_unreadable_admin_body_is_described_without_the_parser_message()
    {
        using var app = new IvrApiFactory().WithLocalAdmin();
        using var client = app.CreateClient();
        const string body = """{ "service": "voiceConnector", "number": 600500 }""";

        var answer = await Admin.AdminApi.PutAsync(client, "/departments/geology", body);

        answer.Status.Should().Be(400);
        answer.Body.GetProperty("errors").GetProperty("number")[0].GetString().Should().Be("number must be a string, not the number 600500");
        answer.Body.GetRawText().Should().NotContain("could not be converted").And.NotContain("System.");
    }

    private static string ParserMessage(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            return ex.Message;
        }

        throw new InvalidOperationException("The body was meant to be broken.");
    }
}
