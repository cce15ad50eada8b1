namespace IvrApi.Routing;

public sealed class RoutingOptions
{
    public const string Section = "Routing";

    /// <summary>How many times a caller is asked again after a miss; the next miss goes to the operator (the sample's 2).</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>Where callers go when the bot cannot place them.</summary>
    public OperatorRouteOptions Operator { get; set; } = new();

    /// <summary>How long a bridged destination may ring (CallAndBridge allows 1-120 s).</summary>
    public int BridgeTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// Comma-separated E.164 prefixes a PSTN route may call (<see cref="PstnPolicy"/>): the deployed number's country,
    /// +1 (the stack runs in US Regions). A comma-separated text, because binding a list would append to a default.
    /// </summary>
    public string PstnAllowedPrefixes { get; set; } = "+1";

    /// <summary>
    /// Comma-separated E.164 prefixes refused although allowed: by default the area codes of the North American
    /// Numbering Plan's members other than the US and Canada (<see cref="PstnPolicy.InternationalNanpPrefixes"/>),
    /// dialled as +1 but charged at international rates and the classic toll-fraud destinations. Empty refuses none
    /// of them (premium-rate numbers stay refused whatever this says).
    /// </summary>
    public string PstnDeniedPrefixes { get; set; } = string.Join(",", PstnPolicy.InternationalNanpPrefixes);

    /// <summary>
    /// Comma-separated E.164 numbers that answer in Spanish: a call to one of them is held in Spanish from its first
    /// word (bot locale es_US, Spanish prompts and voice, <c>X-IVR-Language: es</c>). Any other number answers in English.
    /// </summary>
    public string SpanishNumbers { get; set; } = "";

    /// <summary>
    /// Offer the other language at the greeting ("Para español, oprima nueve."): key 9 or its name ("español") switches
    /// the call to it, and the keypad menu then has keys 1-8 only. Off by default: the greeting stays as it was.
    /// </summary>
    public bool OfferLanguageChoice { get; set; }

    /// <summary>The language a call to <paramref name="calledNumber"/> starts in.</summary>
    public CallLanguage LanguageOf(string? calledNumber) =>
        calledNumber is not null && SpanishNumbers.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Contains(calledNumber, StringComparer.Ordinal)
            ? CallLanguage.Spanish
            : CallLanguage.English;
}
