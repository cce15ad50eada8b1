using Microsoft.Extensions.Options;

namespace IvrApi.Routing;

/// <summary>The words of a call's language: <c>Prompts</c> for English, <c>Prompts:Spanish</c> for Spanish.</summary>
public sealed class CallPrompts(Func<CallLanguage, PromptOptions> texts)
{
    /// <summary>The section of a language's prompts under <c>Prompts</c> (English is the section itself).</summary>
    public const string SpanishSection = "Spanish";

    public PromptOptions For(CallLanguage language) => texts(language);

    /// <summary>The named options of a language (English is the default name, so <c>IOptions&lt;PromptOptions&gt;</c> stays English).</summary>
    public static string OptionsName(CallLanguage language) => language == CallLanguage.English ? Options.DefaultName : language.Code;

    public static CallPrompts From(IOptionsMonitor<PromptOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new(language => options.Get(OptionsName(language)));
    }
}
