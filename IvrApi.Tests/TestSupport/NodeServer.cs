using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace IvrApi.Tests.TestSupport;

/// <summary>
/// A server from an npm package in <c>IvrApi.Tests/tools</c> (dynalite, s3rver), run with node on a free loopback
/// port and awaited until it accepts connections. <c>scripts/test-dotnet.sh</c> installs the packages with <c>npm ci</c>.
/// </summary>
public sealed class NodeServer : IDisposable
{
    private readonly Process process;

    private NodeServer(Process process, int port)
    {
        this.process = process;
        Endpoint = $"http://127.0.0.1:{port}";
    }

    public string Endpoint { get; }

    /// <summary>Starts <paramref name="script"/> (a path inside <c>node_modules</c>) with the arguments for a port.</summary>
    public static async Task<NodeServer> StartAsync(string name, string script, Func<string, IEnumerable<string>> arguments)
    {
        var cli = FindCli(name, script);
        var port = FreePort();
        var process = Process.Start(new ProcessStartInfo("node", [cli, .. arguments(port.ToString(CultureInfo.InvariantCulture))])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("node did not start");
        var server = new NodeServer(process, port);
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return server;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new InvalidOperationException($"{name} did not listen on {server.Endpoint}: {await process.StandardError.ReadToEndAsync()}");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        process.Dispose();
    }

    private static string FindCli(string name, string script)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var cli = Path.Combine([dir.FullName, "IvrApi.Tests", "tools", "node_modules", name, .. script.Split('/')]);
            if (File.Exists(cli))
            {
                return cli;
            }
        }

        throw new InvalidOperationException($"{name} is not installed: run `npm ci` in IvrApi.Tests/tools (scripts/test-dotnet.sh does).");
    }
}
