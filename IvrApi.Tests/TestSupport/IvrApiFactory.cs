using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;

namespace IvrApi.Tests.TestSupport;

/// <summary>The real app in memory, with settings and services a test chooses.</summary>
public class IvrApiFactory : WebApplicationFactory<Program>
{
    public const string VoiceConnectorArn = "arn:aws:chime:us-east-1:111122223333:vc/abcdefg1hijklm2nopq3rs";
    public const string BotAliasArn = "arn:aws:lex:us-east-1:111122223333:bot-alias/ABCDEFGHIJ/KLMNOPQRST";

    /// <summary>Admin:LoopbackPort's default: the admin API's own listener in Loopback mode.</summary>
    public const int AdminLoopbackPort = 5001;

    private readonly Dictionary<string, string?> settings = new()
    {
        ["Sma:VoiceConnectorArn"] = VoiceConnectorArn,
        ["Lex:BotAliasArn"] = BotAliasArn,
    };

    private readonly List<Action<IServiceCollection>> services = [];

    public CapturingSink Logs { get; } = new();

    public IvrApiFactory With(string key, string? value)
    {
        settings[key] = value;
        return this;
    }

    public IvrApiFactory WithServices(Action<IServiceCollection> configure)
    {
        services.Add(configure);
        return this;
    }

    /// <summary>
    /// The admin API on, used from this machine: the in-process server gives requests no addresses, which the admin
    /// guard refuses, so requests that have none arrive as Kestrel's admin listener would pass them (from loopback, on
    /// 127.0.0.1:<see cref="AdminLoopbackPort"/>).
    /// </summary>
    public IvrApiFactory WithLocalAdmin() =>
        With("Admin:Enabled", "true").WithServices(s => s.AddSingleton<IStartupFilter, LoopbackPeer>());

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(collection =>
        {
            collection.AddSingleton<ILogEventSink>(Logs);
            foreach (var configure in services)
            {
                configure(collection);
            }
        });
    }
}

/// <summary>Sets the loopback peer and the admin listener's address on requests that arrive without them.</summary>
internal sealed class LoopbackPeer : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, following) =>
        {
            context.Connection.RemoteIpAddress ??= IPAddress.Loopback;
            if (context.Connection.LocalIpAddress is null)
            {
                context.Connection.LocalIpAddress = IPAddress.Loopback;
                context.Connection.LocalPort = IvrApiFactory.AdminLoopbackPort;
            }

            return following(context);
        });
        next(app);
    };
}

/// <summary>An <see cref="IvrApiFactory"/> with the admin API on, for class fixtures.</summary>
public sealed class LocalAdminFactory : IvrApiFactory
{
    public LocalAdminFactory() => WithLocalAdmin();
}
