using IvrApi.Departments;
using IvrApi.Departments.Storage;
using IvrApi.Lex;
using IvrApi.Routing;
using IvrApi.Sma;
using Microsoft.Extensions.Options;

namespace IvrApi.Settings;

/// <summary>Settings an operator can get wrong are refused at start-up, in words, rather than discovered on a live call.</summary>
internal sealed class SettingsValidation :
    IValidateOptions<DirectoryOptions>, IValidateOptions<RoutingOptions>, IValidateOptions<PromptOptions>, IValidateOptions<LexOptions>
{
    private const int MaxSpeakLength = SpeechLimits.MaxText;

    public ValidateOptionsResult Validate(string? name, DirectoryOptions options)
    {
        var errors = new List<string>();
        switch (options.Provider.ToUpperInvariant())
        {
            case "EMBEDDED":
                var path = EmbeddedDirectoryStore.ResolvePath(options.SeedFile);
                if (!File.Exists(path))
                {
                    errors.Add($"Directory:SeedFile '{path}' does not exist.");
                }

                break;
            case "DYNAMODB":
                if (string.IsNullOrWhiteSpace(options.TableName))
                {
                    errors.Add("Directory:TableName is required with Directory:Provider=DynamoDb.");
                }

                break;
            default:
                errors.Add($"Directory:Provider '{options.Provider}' must be Embedded or DynamoDb.");
                break;
        }

        if (options.Timeout <= TimeSpan.Zero || options.Timeout > TimeSpan.FromSeconds(2.5))
        {
            errors.Add("Directory:Timeout must be above 0 and at most 00:00:02.5, so every event is answered within 3 s.");
        }

        if (options.CacheDuration < TimeSpan.Zero || options.CacheDuration > TimeSpan.FromSeconds(60))
        {
            errors.Add("Directory:CacheDuration must be 0 to 60 seconds: new rows must route within a minute.");
        }

        return Result(errors);
    }

    public ValidateOptionsResult Validate(string? name, RoutingOptions options)
    {
        var errors = new List<string>();
        if (options.MaxRetries is < 0 or > 5)
        {
            errors.Add("Routing:MaxRetries must be 0 to 5.");
        }

        if (options.BridgeTimeoutSeconds is < 1 or > 120)
        {
            errors.Add("Routing:BridgeTimeoutSeconds must be 1 to 120 (CallAndBridge's range).");
        }

        var spanish = options.SpanishNumbers.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (spanish.FirstOrDefault(n => !DepartmentRules.IsE164(n)) is { } notE164)
        {
            errors.Add($"Routing:SpanishNumbers '{notE164}' is not an E.164 number (a comma-separated list of the numbers that answer in Spanish).");
        }

        var allowed = PstnPolicy.TryParsePrefixes(options.PstnAllowedPrefixes);
        if (allowed is null)
        {
            errors.Add($"Routing:PstnAllowedPrefixes '{options.PstnAllowedPrefixes}' must be comma-separated E.164 prefixes ('+' and 1-15 digits).");
        }

        var denied = string.IsNullOrWhiteSpace(options.PstnDeniedPrefixes) ? [] : PstnPolicy.TryParsePrefixes(options.PstnDeniedPrefixes);
        if (denied is null)
        {
            errors.Add($"Routing:PstnDeniedPrefixes '{options.PstnDeniedPrefixes}' must be comma-separated E.164 prefixes ('+' and 1-15 digits), or empty.");
        }

        var op = options.Operator;
        var operatorRoute = DepartmentRules.TryCreate("operator", op.Service, op.Number, null, out var error);
        if (operatorRoute is null)
        {
            errors.Add($"Routing:Operator: {error!.Message}");
        }
        else if (allowed is not null && denied is not null && PstnPolicy.From(options).Check(operatorRoute) is { } refused)
        {
            errors.Add($"Routing:Operator:Number: {refused.Message}");
        }

        if (SipHeaderValue.Sanitize(op.LexInfo, "") != op.LexInfo)
        {
            errors.Add($"Routing:Operator:LexInfo '{op.LexInfo}' is not a safe SIP header value (letters, digits, spaces, -._!%*+`'~; at most {SipHeaderValue.MaxLength}).");
        }

        return Result(errors);
    }

    public ValidateOptionsResult Validate(string? name, PromptOptions options)
    {
        (string Key, string Text)[] prompts =
        [
            (nameof(options.Greeting), options.Greeting), (nameof(options.Question), options.Question),
            (nameof(options.Connecting), options.Connecting), (nameof(options.Retry), options.Retry),
            (nameof(options.NotHeard), options.NotHeard), (nameof(options.Ambiguous), options.Ambiguous),
            (nameof(options.OperatorHandoff), options.OperatorHandoff), (nameof(options.NotHeardHandoff), options.NotHeardHandoff), (nameof(options.DirectoryUnavailable), options.DirectoryUnavailable),
            (nameof(options.BotFailed), options.BotFailed), (nameof(options.BridgeFailed), options.BridgeFailed),
            (nameof(options.OperatorUnavailable), options.OperatorUnavailable), (nameof(options.VoiceId), options.VoiceId),
            (nameof(options.Closed), options.Closed), (nameof(options.AfterHoursConnecting), options.AfterHoursConnecting),
            (nameof(options.AfterHoursTransfer), options.AfterHoursTransfer), (nameof(options.Confirm), options.Confirm),
            (nameof(options.Denied), options.Denied), (nameof(options.Preferred), options.Preferred),
            (nameof(options.Engine), options.Engine), (nameof(options.LanguageOffer), options.LanguageOffer), (nameof(options.LanguageWords), options.LanguageWords),
        ];
        // The Spanish prompts are the named options "es", bound from Prompts:Spanish.
        var section = name == CallPrompts.OptionsName(CallLanguage.Spanish) ? $"{PromptOptions.Section}:{CallPrompts.SpanishSection}" : PromptOptions.Section;
        var errors = prompts
            .Where(p => string.IsNullOrWhiteSpace(p.Text) || p.Text.Length > MaxSpeakLength - SipHeaderValue.MaxLength)
            .Select(p => $"{section}:{p.Key} must be 1 to {MaxSpeakLength - SipHeaderValue.MaxLength} characters (Speak takes at most {MaxSpeakLength}).")
            .ToList();
        if (options.LanguageOffer.Length > SpeechLimits.OfferLength)
        {
            errors.Add($"{section}:LanguageOffer must be at most {SpeechLimits.OfferLength} characters (it is said within the other language's greeting).");
        }
        if (errors.Count == 0)
        {
            // Prompts are said together, with department names, the keypad menu and stored messages.
            errors.AddRange(SpeechLimits.Longest(options)
                .Where(t => t.Length > SpeechLimits.MaxText)
                .Select(t => $"{section}: {t.Prompts} together can reach {t.Length} characters with the longest names and messages the directory accepts; Speak and Lex messages take at most {SpeechLimits.MaxText}."));
        }

        return Result(errors);
    }

    public ValidateOptionsResult Validate(string? name, LexOptions options)
    {
        var errors = new List<string>();
        if (!string.IsNullOrEmpty(options.BotAliasArn) && BotAlias.Parse(options.BotAliasArn) is null)
        {
            errors.Add($"Lex:BotAliasArn '{options.BotAliasArn}' is not arn:aws:lex:REGION:ACCOUNT:bot-alias/BOT_ID/ALIAS_ID.");
        }

        if (options.PreloadSession && string.IsNullOrEmpty(options.BotAliasArn))
        {
            errors.Add("Lex:PreloadSession needs Lex:BotAliasArn.");
        }

        if (options.PreloadTimeout <= TimeSpan.Zero || options.PreloadTimeout > TimeSpan.FromSeconds(2))
        {
            errors.Add("Lex:PreloadTimeout must be above 0 and at most 00:00:02: a new call must be answered within 2 s.");
        }

        return Result(errors);
    }

    private static ValidateOptionsResult Result(List<string> errors) =>
        errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
}
