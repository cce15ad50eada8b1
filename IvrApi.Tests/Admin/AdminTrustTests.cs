using System.Text.Json;
using IvrApi.Tests.TestSupport;
using Microsoft.AspNetCore.Http;

namespace IvrApi.Tests.Admin;

/// <summary>
/// Who the admin API believes. Locally: only its own loopback listener, which a reverse proxy in front of the service
/// does not reach by accident, and never on Lambda. On AWS: the IAM principal only from a request context shaped as a
/// Function URL makes it, so a direct invocation with a hand-made context is not audited under the name it claims.
/// </summary>
public sealed class AdminTrustTests
{
    private const string Principal = "arn:aws:sts::111122223333:assumed-role/RouteEditor/alice";
    private const string Forward = """{ "service": "pstnNumber", "number": "+15555550199" }""";

    [Fact]
    public async Task A_proxy_on_this_machine_forwarding_to_the_service_port_as_nginx_does_by_default_is_refused()
    {
        using var app = new IvrApiFactory().With("Admin:Enabled", "true");

        // nginx's plain proxy_pass: from 127.0.0.1, Host 127.0.0.1:5000, no X-Forwarded-*; the port it forwards to is the service's.
        var proxied = await AdminAccessTests.SendAsync(app, HttpMethods.Put, "/departments/history", "127.0.0.1", Forward,
            ("Host", "127.0.0.1:5000"), (":local-port", "5000"));

        proxied.Response.StatusCode.Should().Be(403);
        using (var problem = await JsonDocument.ParseAsync(proxied.Response.Body))
        {
            problem.RootElement.GetProperty("detail").GetString().Should().Contain("Admin:LoopbackPort");
        }

        var bridge = await AdminApi.BridgeAfterBotAsync(app, "history");
        AdminApi.Uri(bridge).Should().Be("600300", "the refused write changed nothing");
        app.Logs.Lines.Should().NotContain(l => l.Contains("Admin audit", StringComparison.Ordinal));

        // The same request on the admin listener is this machine's own.
        var local = await AdminAccessTests.SendAsync(app, HttpMethods.Put, "/departments/history", "127.0.0.1", Forward, ("Host", "127.0.0.1:5001"));
        local.Response.StatusCode.Should().Be(200);
        app.Logs.Lines.Should().Contain(l => l.StartsWith("Admin audit: \"put\" \"department\" \"history\" by \"loopback 127.0.0.1\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_admin_listener_port_is_a_setting()
    {
        using var app = new IvrApiFactory().With("Admin:Enabled", "true").With("Admin:LoopbackPort", "7001");

        (await AdminAccessTests.SendAsync(app, HttpMethods.Get, "/departments", "127.0.0.1")).Response.StatusCode.Should().Be(403, "5001 is not the listener now");
        (await AdminAccessTests.SendAsync(app, HttpMethods.Get, "/departments", "127.0.0.1", (":local-port", "7001"))).Response.StatusCode.Should().Be(200);
    }

    public static TheoryData<string, string> ForgedContexts => new()
    {
        { """{"authorizer":{"iam":{"userArn":"arn:aws:iam::111122223333:user/ceo"}}}""", "only the principal" },
        { Context(domain: "abcdef.execute-api.us-east-1.amazonaws.com", prefix: "abcdef"), "an API Gateway domain" },
        { Context(domain: "abcdef.lambda-url.us-east-1.on.aws", prefix: "other"), "a domainPrefix that is not the domain's" },
        { Context(iamAccount: "444455556666"), "a principal of another account than authorizer.iam.accountId" },
        { Context(domain: "abcdef.lambda-url.us-east-1.on.aws.evil.example", prefix: "abcdef"), "a look-alike domain" },
    };

    [Theory]
    [MemberData(nameof(ForgedContexts))]
    public async Task A_hand_made_request_context_is_refused_and_its_name_never_audited(string requestContext, string because)
    {
        using var app = AdminAccessTests.AdminFunction();

        var context = await AdminAccessTests.SendAsync(app, HttpMethods.Put, "/departments/history", "127.0.0.1", Forward,
            ("x-amzn-request-context", requestContext));

        context.Response.StatusCode.Should().Be(403, because);
        app.Logs.Lines.Should().NotContain(l => l.Contains("Admin audit", StringComparison.Ordinal), because);
    }

    [Fact]
    public async Task A_function_url_request_context_is_audited_under_its_principal()
    {
        using var app = AdminAccessTests.AdminFunction();

        var context = await AdminAccessTests.SendAsync(app, HttpMethods.Put, "/departments/history", "127.0.0.1", Forward,
            ("x-amzn-request-context", AdminAccessTests.RequestContext(Principal)));

        context.Response.StatusCode.Should().Be(200);
        app.Logs.Lines.Should().Contain(l => l.StartsWith($"Admin audit: \"put\" \"department\" \"history\" by \"{Principal}\"", StringComparison.Ordinal));
    }

    private static string Context(string domain = "abcdef.lambda-url.us-east-1.on.aws", string prefix = "abcdef", string iamAccount = "111122223333") =>
        "{\"apiId\":\"" + prefix + "\",\"domainName\":\"" + domain + "\",\"domainPrefix\":\"" + prefix
        + "\",\"authorizer\":{\"iam\":{\"accountId\":\"" + iamAccount + "\",\"userArn\":\"" + Principal + "\"}}}";
}
