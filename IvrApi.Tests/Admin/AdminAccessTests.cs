using System.Net;
using System.Text.Json;
using IvrApi.Tests.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;

namespace IvrApi.Tests.Admin;

/// <summary>
/// The admin API is off unless a setting turns it on, then answers this machine only, or on Lambda only requests
/// whose Function URL request context names an IAM principal; whatever the guard cannot establish is refused.
/// </summary>
public sealed class AdminAccessTests
{
    private const string Principal = "arn:aws:sts::111122223333:assumed-role/RouteEditor/alice";

    [Theory]
    [InlineData(null)]
    [InlineData("ivr-api")]
    public async Task A_call_path_deployment_has_no_admin_API_whatever_the_environment_says(string? lambdaFunctionName)
    {
        using var app = new IvrApiFactory().With("AWS_LAMBDA_FUNCTION_NAME", lambdaFunctionName);

        foreach (var path in new[] { "/departments", "/rules" })
        {
            (await SendAsync(app, HttpMethods.Get, path, "127.0.0.1")).Response.StatusCode.Should().Be(404, "GET {0}", path);
        }
    }

    [Fact]
    public async Task The_admin_mode_serves_the_admin_API_and_none_of_the_call_path()
    {
        using var app = new IvrApiFactory().With("Admin:Enabled", "true").With("CallPath:Enabled", "false");

        foreach (var path in new[] { "/sma", "/lex-hook", "/events" })
        {
            (await SendAsync(app, HttpMethods.Post, path, "127.0.0.1", body: Fixtures.Sma("new-inbound-call").ToJsonString())).Response.StatusCode
                .Should().Be(404, "POST {0} reaches the telephony handlers", path);
        }

        (await SendAsync(app, HttpMethods.Get, "/departments", "127.0.0.1")).Response.StatusCode.Should().Be(200);
    }

    [Theory]
    [InlineData("192.0.2.10", 403)]
    [InlineData("10.0.0.5", 403)]
    [InlineData("2001:db8::1", 403)]
    [InlineData("127.0.0.1", 200)]
    [InlineData("::1", 200)]
    [InlineData("::ffff:127.0.0.1", 200)]
    public async Task Only_local_callers_may_use_it(string remote, int expected)
    {
        using var app = new IvrApiFactory().With("Admin:Enabled", "true");

        foreach (var path in new[] { "/departments", "/rules" })
        {
            var context = await SendAsync(app, HttpMethods.Get, path, remote);

            context.Response.StatusCode.Should().Be(expected, "GET {0} from {1}", path, remote);
            if (expected == 403)
            {
                await ShouldBeRefusedAsync(context, "The admin API answers local requests only");
            }
        }
    }

    public static TheoryData<string?, string, string?, string> HostileLocalRequests => new()
    {
        { null, "Host", "localhost", "no remote address" },
        { "127.0.0.1", "X-Forwarded-For", "203.0.113.9", "through a proxy" },
        { "127.0.0.1", "X-Forwarded-For", "127.0.0.1", "through a proxy" },
        { "127.0.0.1", "Forwarded", "for=203.0.113.9;host=ivr.example.com", "through a proxy" },
        { "127.0.0.1", "X-Forwarded-Host", "localhost", "through a proxy" },
        { "127.0.0.1", "X-Real-IP", "203.0.113.9", "through a proxy" },
        { "127.0.0.1", "Host", "ivr.example.com", "Host header" },
        { "127.0.0.1", "Host", "localhost.ivr.example.com", "Host header" },
        { "127.0.0.1", "Host", "192.0.2.10:5000", "Host header" },
    };

    [Theory]
    [MemberData(nameof(HostileLocalRequests))]
    public async Task A_request_the_guard_cannot_place_on_this_machine_is_refused(string? remote, string header, string? value, string reason)
    {
        using var app = new IvrApiFactory().With("Admin:Enabled", "true");

        var context = await SendAsync(app, HttpMethods.Delete, "/departments/history", remote, (header, value));

        context.Response.StatusCode.Should().Be(403);
        (await ShouldBeRefusedAsync(context, "The admin API answers local requests only")).Should().Contain(reason);
        (await SendAsync(app, HttpMethods.Get, "/departments/history", "127.0.0.1")).Response.StatusCode.Should().Be(200, "the refused delete changed nothing");
    }

    public static TheoryData<string?, string> UnplacedLambdaRequests => new()
    {
        { null, "no x-amzn-request-context" },
        { "null", "a pass-through event's context" },
        { """{"authorizer":{"iam":{"userArn":""}}}""", "an empty principal" },
        { """{"authorizer":{"jwt":{"claims":{"sub":"alice"}}}}""", "no IAM authorizer" },
        { "{not json", "a damaged context" },
    };

    [Theory]
    [MemberData(nameof(UnplacedLambdaRequests))]
    public async Task Behind_the_Function_URL_a_request_without_an_IAM_principal_is_refused(string? requestContext, string because)
    {
        using var app = AdminFunction();

        var context = await SendAsync(app, HttpMethods.Get, "/departments", "127.0.0.1", ("x-amzn-request-context", requestContext));

        context.Response.StatusCode.Should().Be(403, because);
        await ShouldBeRefusedAsync(context, "The admin API answers IAM-signed Function URL requests only");
    }

    [Fact]
    public async Task Behind_the_Function_URL_the_IAM_principal_of_the_request_context_is_let_in()
    {
        using var app = AdminFunction();

        // What the Web Adapter passes for a Function URL request (payload 2.0 requestContext); the Function URL adds
        // X-Forwarded-For and its own Host, which mean nothing here.
        var context = await SendAsync(app, HttpMethods.Get, "/departments", "127.0.0.1",
            ("x-amzn-request-context", RequestContext(Principal)),
            ("X-Forwarded-For", "198.51.100.7"),
            ("Host", "abcdefghijklmnopqrstuvwxyz012345.lambda-url.us-east-1.on.aws"));

        context.Response.StatusCode.Should().Be(200);
    }

    [Fact]
    public async Task Behind_the_Function_URL_the_peer_must_still_be_the_local_Web_Adapter()
    {
        using var app = AdminFunction();

        var context = await SendAsync(app, HttpMethods.Get, "/departments", "192.0.2.10",
            ("x-amzn-request-context", RequestContext(Principal)));

        context.Response.StatusCode.Should().Be(403);
    }

    /// <summary>The Function URL request context (payload 2.0) of an IAM-signed request, as the Web Adapter passes it.</summary>
    internal static string RequestContext(string principal) =>
        $$$"""{"accountId":"anonymous","apiId":"{{{UrlId}}}","domainName":"{{{UrlId}}}.lambda-url.us-east-1.on.aws","domainPrefix":"{{{UrlId}}}","authorizer":{"iam":{"accountId":"{{{principal.Split(':')[4]}}}","userArn":{{{JsonSerializer.Serialize(principal)}}},"userId":"AROAEXAMPLE:alice"}},"http":{"method":"GET","path":"/departments","protocol":"HTTP/1.1","sourceIp":"198.51.100.7"},"requestId":"c2f5e3a1-0000-4000-8000-000000000001"}""";

    /// <summary>The admin function URL's id (its host name's first label).</summary>
    internal const string UrlId = "abcdefghijklmnopqrstuvwxyz012345";

    /// <summary>The admin Lambda function's settings, as the deploy project sets them.</summary>
    internal static IvrApiFactory AdminFunction() =>
        new IvrApiFactory().With("Admin:Enabled", "true").With("Admin:Access", "FunctionUrlIam").With("CallPath:Enabled", "false");

    internal static Task<HttpContext> SendAsync(IvrApiFactory app, string method, string path, string? remote, params (string Name, string? Value)[] headers) =>
        SendAsync(app, method, path, remote, null, headers);

    internal static Task<HttpContext> SendAsync(IvrApiFactory app, string method, string path, string? remote, string? body, params (string Name, string? Value)[] headers) =>
        app.Server.SendAsync(c =>
        {
            c.Connection.RemoteIpAddress = remote is null ? null : IPAddress.Parse(remote);
            // As Kestrel passes a request on the admin listener; a header ":local-port" says which port it came in on.
            c.Connection.LocalIpAddress = IPAddress.Loopback;
            c.Connection.LocalPort = IvrApiFactory.AdminLoopbackPort;
            c.Request.Method = method;
            c.Request.Path = path;
            c.Request.Host = new HostString("localhost");
            foreach (var (name, value) in headers)
            {
                if (name == ":local-port")
                {
                    c.Connection.LocalPort = int.Parse(value!, System.Globalization.CultureInfo.InvariantCulture);
                }
                else if (name == "Host")
                {
                    c.Request.Host = new HostString(value!);
                }
                else if (value is not null)
                {
                    c.Request.Headers[name] = value;
                }
            }

            if (body is not null)
            {
                var bytes = System.Text.Encoding.UTF8.GetBytes(body);
                c.Request.ContentType = "application/json";
                c.Request.ContentLength = bytes.Length;
                c.Request.Body = new MemoryStream(bytes);
            }
        });

    private static async Task<string> ShouldBeRefusedAsync(HttpContext context, string title)
    {
        context.Response.ContentType.Should().Be("application/problem+json");
        using var problem = await JsonDocument.ParseAsync(context.Response.Body);
        problem.RootElement.GetProperty("title").GetString().Should().Be(title);
        return problem.RootElement.GetProperty("detail").GetString()!;
    }
}
