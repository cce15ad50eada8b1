using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace IvrApi.Tests.Admin;

/// <summary>
/// The real server, as <c>dotnet run</c> starts it: in Loopback mode the admin API has a Kestrel listener of its own on
/// 127.0.0.1:<c>Admin:LoopbackPort</c> beside the service's URLs, and the service's port refuses it (a reverse proxy in
/// front of that port reaches nothing).
/// </summary>
public sealed class AdminListenerTests
{
    [Fact]
    public async Task The_admin_api_answers_on_its_own_loopback_listener_and_not_on_the_service_port()
    {
        int service = FreePort(), admin = FreePort();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "IvrApi.dll"), "--urls", $"http://127.0.0.1:{service}"])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["Admin__Enabled"] = "true", ["Admin__LoopbackPort"] = admin.ToString(System.Globalization.CultureInfo.InvariantCulture), ["AWS_LAMBDA_FUNCTION_NAME"] = null },
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var up = false;
            for (var i = 0; i < 100 && !up && !process.HasExited; i++)
            {
                try
                {
                    up = (await http.GetAsync(new Uri($"http://127.0.0.1:{admin}/healthz"))).IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(200);
                }
            }

            up.Should().BeTrue("the app starts with both listeners");
            (await http.GetAsync(new Uri($"http://127.0.0.1:{service}/healthz"))).StatusCode.Should().Be(HttpStatusCode.OK);
            (await http.GetAsync(new Uri($"http://127.0.0.1:{admin}/departments"))).StatusCode.Should().Be(HttpStatusCode.OK);
            (await http.GetAsync(new Uri($"http://127.0.0.1:{service}/departments"))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
