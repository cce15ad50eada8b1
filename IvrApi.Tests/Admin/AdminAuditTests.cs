using System.Text.Json;
using IvrApi.Tests.TestSupport;
using Microsoft.AspNetCore.Http;
using Serilog.Events;

namespace IvrApi.Tests.Admin;

/// <summary>Every admin write leaves one structured event: who, what, before and after.</summary>
public sealed class AdminAuditTests
{
    [Fact]
    public async Task Each_write_is_logged_once_with_the_principal_and_the_record_before_and_after()
    {
        using var app = new IvrApiFactory().WithLocalAdmin();
        using var client = app.CreateClient();

        (await AdminApi.PutAsync(client, "/departments/geology", """{ "service": "voiceConnector", "number": "600500" }""")).Status.Should().Be(201);
        (await AdminApi.PutAsync(client, "/departments/geology", """{ "service": "voiceConnector", "number": "600501" }""")).Status.Should().Be(200);
        (await AdminApi.DeleteAsync(client, "/departments/geology")).Status.Should().Be(204);
        (await AdminApi.GetAsync(client, "/departments")).Status.Should().Be(200);

        var audit = Audit(app);
        audit.Select(e => (Text(e, "Operation"), Text(e, "Resource"), Text(e, "Key"), Text(e, "Principal"))).Should().Equal(
            ("put", "department", "geology", "loopback 127.0.0.1"),
            ("put", "department", "geology", "loopback 127.0.0.1"),
            ("delete", "department", "geology", "loopback 127.0.0.1"));
        Text(audit[0], "Before").Should().Be("null");
        Number(Text(audit[0], "After")).Should().Be("600500");
        Number(Text(audit[1], "Before")).Should().Be("600500");
        Number(Text(audit[1], "After")).Should().Be("600501");
        Number(Text(audit[2], "Before")).Should().Be("600501");
        Text(audit[2], "After").Should().Be("null");
    }

    [Fact]
    public async Task On_Lambda_the_principal_is_the_IAM_caller_of_the_Function_URL()
    {
        const string Principal = "arn:aws:sts::111122223333:assumed-role/RouteEditor/alice";
        using var app = AdminAccessTests.AdminFunction();

        var context = await AdminAccessTests.SendAsync(app, HttpMethods.Put, "/rules/vip", "127.0.0.1",
            """{ "caller_number": "+15555550123", "action": "route", "department": "history" }""",
            ("x-amzn-request-context", AdminAccessTests.RequestContext(Principal)));

        context.Response.StatusCode.Should().Be(201);
        var audit = Audit(app).Should().ContainSingle().Subject;
        Text(audit, "Principal").Should().Be(Principal);
        Field(Text(audit, "After"), "caller_number").Should().Be("+1********23", "caller numbers are masked in every log");
        Text(audit, "After").Should().Contain("\"caller_number\":\"+1********23\"", "the record is readable in the log, not \\u002B-escaped");
    }

    [Fact]
    public async Task A_refused_or_failed_write_leaves_no_audit_event()
    {
        using var app = new IvrApiFactory().WithLocalAdmin();
        using var client = app.CreateClient();

        (await AdminApi.PutAsync(client, "/departments/geology", """{ "service": "pstnNumber", "number": "+19005550100" }""")).Status.Should().Be(400);
        (await AdminApi.DeleteAsync(client, "/departments/nowhere")).Status.Should().Be(404);
        (await AdminApi.DeleteAsync(client, "/rules/nothing")).Status.Should().Be(404);

        Audit(app).Should().BeEmpty();
    }

    private static LogEvent[] Audit(IvrApiFactory app) =>
        app.Logs.Events.Where(e => e.MessageTemplate.Text.StartsWith("Admin audit:", StringComparison.Ordinal)).ToArray();

    private static string Text(LogEvent e, string property) => ((ScalarValue)e.Properties[property]).Value!.ToString()!;

    private static string Number(string record) => Field(record, "number");

    private static string Field(string record, string name)
    {
        using var document = JsonDocument.Parse(record);
        return document.RootElement.GetProperty(name).GetString()!;
    }
}
