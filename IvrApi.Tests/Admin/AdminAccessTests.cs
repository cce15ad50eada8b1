using System.Net;
using System.Text.Json;
using IvrApi.Admin;
using IvrApi.Tests.TestSupport;
using Microsoft.AspNetCore.Http;

namespace IvrApi.Tests.Admin;

/// <summary>Off Lambda the admin API answers this machine only; on Lambda the Function URL's IAM auth guards it.</summary>
public sealed class AdminAccessTests
{
    [Theory]
    [InlineData("192.0.2.10", null, 403)]
    [InlineData("10.0.0.5", null, 403)]
    [InlineData("2001:db8::1", null, 403)]
    [InlineData("127.0.0.1", null, 200)]
    [InlineData("::1", null, 200)]
    [InlineData("::ffff:127.0.0.1", null, 200)]
    [InlineData("192.0.2.10", "ivr-api", 200)]
    public async Task Only_local_callers_may_use_it_off_Lambda(string remote, string? lambdaFunctionName, int expected)
    {
        using var app = new IvrApiFactory().With("AWS_LAMBDA_FUNCTION_NAME", lambdaFunctionName);

        foreach (var path in new[] { "/departments", "/rules" })
        {
            var context = await app.Server.SendAsync(c =>
            {
                c.Connection.RemoteIpAddress = IPAddress.Parse(remote);
                c.Request.Method = HttpMethods.Get;
                c.Request.Path = path;
            });

            context.Response.StatusCode.Should().Be(expected, "GET {0} from {1}", path, remote);
            if (expected == 403)
            {
                context.Response.ContentType.Should().Be("application/problem+json");
                using var problem = await JsonDocument.ParseAsync(context.Response.Body);
                problem.RootElement.GetProperty("title").GetString().Should().Be("The admin API answers local requests only");
            }
        }
    }

    [Fact]
    public void The_in_process_test_server_without_a_remote_address_counts_as_local() =>
        AdminEndpoints.IsAllowed(lambdaFunctionName: null, remoteAddress: null).Should().BeTrue();

    [Fact]
    public async Task A_refused_write_changes_nothing()
    {
        using var app = new IvrApiFactory();

        await app.Server.SendAsync(c =>
        {
            c.Connection.RemoteIpAddress = IPAddress.Parse("192.0.2.10");
            c.Request.Method = HttpMethods.Delete;
            c.Request.Path = "/departments/history";
        });

        using var client = app.CreateClient();
        (await AdminApi.GetAsync(client, "/departments/history")).Status.Should().Be(200);
    }
}
