namespace IvrApi.Routing;

/// <summary>
/// The language a call is held in, from the number dialled or the caller's choice to the last word: every prompt, the
/// bot's locale, the SMA's voice and the PBX (<c>X-IVR-Language</c>). English is the default.
/// </summary>
public enum CallLanguage
{
    English,
    Spanish,
}

/// <summary>What each language is called by the parts of a call: the directory and the PBX, Lex V2, Chime's Speak.</summary>
public static class CallLanguages
{
    public static IReadOnlyList<CallLanguage> All { get; } = [CallLanguage.English, CallLanguage.Spanish];

    extension(CallLanguage language)
    {
        /// <summary>"en" or "es": the directory's, the agents' and the PBX's word for it (<c>X-IVR-Language</c>).</summary>
        public string Code => language == CallLanguage.Spanish ? "es" : "en";

        /// <summary>
        /// The bot locale: "en_US" or "es_US", both Lex V2 locales
        /// (https://docs.aws.amazon.com/lexv2/latest/dg/how-languages.html).
        /// </summary>
        public string LexLocaleId => language == CallLanguage.Spanish ? "es_US" : "en_US";

        /// <summary>
        /// Speak's <c>LanguageCode</c>: an Amazon Polly language code, "en-US" or "es-US"
        /// (https://docs.aws.amazon.com/chime-sdk/latest/dg/speak.html, https://docs.aws.amazon.com/polly/latest/dg/available-voices.html).
        /// </summary>
        public string SpeakLanguageCode => language == CallLanguage.Spanish ? "es-US" : "en-US";

        /// <summary>The language a caller of this one is offered at the greeting ("Para español, oprima nueve.").</summary>
        public CallLanguage Other => language == CallLanguage.Spanish ? CallLanguage.English : CallLanguage.Spanish;
    }

    /// <summary>The language of a code ("en", "es"; any case), or null.</summary>
    public static CallLanguage? FromCode(string? code) => All.Cast<CallLanguage?>().FirstOrDefault(l => string.Equals(l!.Value.Code, code?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The language of a Lex locale ("en_US", "es_US"), or null.</summary>
    public static CallLanguage? FromLocaleId(string? localeId) => All.Cast<CallLanguage?>().FirstOrDefault(l => l!.Value.LexLocaleId == localeId);
}
