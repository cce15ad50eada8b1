using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;

namespace IvrApi.Tests.TestSupport;

/// <summary>The real app in memory, with settings and services a test chooses.</summary>
public sealed class IvrApiFactory : WebApplicationFactory<Program>
{
    public const string VoiceConnectorArn = "arn:aws:chime:us-east-1:111122223333:vc/abcdefg1hijklm2nopq3rs";
    public const string BotAliasArn = "arn:aws:lex:us-east-1:111122223333:bot-alias/ABCDEFGHIJ/KLMNOPQRST";

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
