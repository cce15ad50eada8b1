using IvrApi.Departments;
using IvrApi.Routing.Matching;
using Microsoft.Extensions.Options;

namespace IvrApi.Routing;

/// <summary>The words of a call's language: <c>Prompts</c> for English, <c>Prompts:Spanish</c> for Spanish.</summary>
public sealed class CallPrompts(Func<CallLanguage, PromptOptions> texts)
{
    /// <summary>The section of a language's prompts under <c>Prompts</c> (English is the section itself).</summary>
    public const string SpanishSection = "Spanish";

    public PromptOptions For(CallLanguage language) => texts(language);

    /// <summary>
    /// "Press 1 for science, …" in the words of <paramref name="language"/>, each department as its callers name it (a
    /// key whose department has left the directory is said by its canonical name).
    /// </summary>
    public string Menu(KeypadMenu menu, DirectorySnapshot? snapshot, CallLanguage language)
    {
        ArgumentNullException.ThrowIfNull(menu);
        return menu.Describe(For(language), name => snapshot?.Find(name) is { } d ? Spoken(d, language) : DepartmentRules.Spoken(name));
    }

    /// <summary>
    /// A department's name as callers of <paramref name="language"/> hear it. The directory keeps one name today, said
    /// alike in both languages; per-language names (issue 21, the directory's part) are read here and only here.
    /// </summary>
    public static string Spoken(Department department, CallLanguage language)
    {
        ArgumentNullException.ThrowIfNull(department);
        _ = language;
        return DepartmentRules.Spoken(department.Name);
    }

    /// <summary>The named options of a language (English is the default name, so <c>IOptions&lt;PromptOptions&gt;</c> stays English).</summary>
    public static string OptionsName(CallLanguage language) => language == CallLanguage.English ? Options.DefaultName : language.Code;

    public static CallPrompts From(IOptionsMonitor<PromptOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new(language => options.Get(OptionsName(language)));
    }
}
