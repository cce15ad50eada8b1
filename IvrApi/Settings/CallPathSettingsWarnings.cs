using IvrApi.Lex;
using IvrApi.Sma;
using Microsoft.Extensions.Options;

namespace IvrApi.Settings;

/// <summary>
/// Settings the call path can start without but no call can succeed without: said once at start, naming the setting,
/// what callers would get, and how to set it. (Not a refusal: the health check and recorded events still work, and
/// the deploy always sets them.)
/// </summary>
internal static partial class CallPathSettingsWarnings
{
    public static void WarnOfMissingCallPathSettings(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(CallPathSettingsWarnings).FullName!);
        if (string.IsNullOrWhiteSpace(app.Services.GetRequiredService<IOptions<LexOptions>>().Value.BotAliasArn))
        {
            LogMissing(logger, "Lex:BotAliasArn", "no bot can be started, so every caller hears an apology and goes to the operator", "Lex__BotAliasArn");
        }

        if (string.IsNullOrWhiteSpace(app.Services.GetRequiredService<IOptions<SmaOptions>>().Value.VoiceConnectorArn))
        {
            LogMissing(logger, "Sma:VoiceConnectorArn", "every bridge to a voiceConnector department and operator fails", "Sma__VoiceConnectorArn");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Setting} is empty: {Consequence}. Set it ({Variable}=...); `dotnet run --project IvrApi` sets the values of tools/ivr-call's emulators (IvrApi/Properties/launchSettings.json)")]
    private static partial void LogMissing(ILogger logger, string setting, string consequence, string variable);
}
