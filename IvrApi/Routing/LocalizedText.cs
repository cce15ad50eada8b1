using System.Diagnostics.CodeAnalysis;

namespace IvrApi.Routing;

/// <summary>
/// Words said to a caller, in one or both call languages (a closed message, an after-hours message, a rule's
/// message). A caller hears their own language; only when the text has none in it do they hear the other one, and
/// the log says so, since that is an operator's gap to fill.
/// </summary>
public sealed partial class LocalizedText : IEquatable<LocalizedText>
{
    private LocalizedText(IReadOnlyDictionary<CallLanguage, string> texts) => Texts = texts;

    /// <summary>The text per language; never empty, no blank text.</summary>
    public IReadOnlyDictionary<CallLanguage, string> Texts { get; }

    /// <summary>A text in one language; in the stored single-string form that language is English.</summary>
    public static LocalizedText In(CallLanguage language, string text) =>
        Of(new Dictionary<CallLanguage, string> { [language] = text }) ?? throw new ArgumentException("The text is blank.", nameof(text));

    /// <summary>Trimmed texts per language, blanks dropped; null when none is left.</summary>
    public static LocalizedText? Of(IEnumerable<KeyValuePair<CallLanguage, string>> texts)
    {
        var kept = texts.Where(t => !string.IsNullOrWhiteSpace(t.Value)).ToDictionary(t => t.Key, t => t.Value.Trim());
        return kept.Count == 0 ? null : new LocalizedText(kept);
    }

    /// <summary>What stored data without a language says: English.</summary>
    [return: NotNullIfNotNull(nameof(english))]
    public static implicit operator LocalizedText?(string? english) => english is null ? null : FromString(english);

    public static LocalizedText FromString(string english) => In(CallLanguage.English, english);

    /// <summary>The text in <paramref name="language"/> without falling back, or null.</summary>
    public string? Exactly(CallLanguage language) => Texts.GetValueOrDefault(language);

    /// <summary>
    /// The text in <paramref name="language"/>, else in the other language with a warning naming <paramref name="what"/>
    /// (e.g. "closed_message of history").
    /// </summary>
    public string For(CallLanguage language, ILogger logger, string what)
    {
        if (Texts.TryGetValue(language, out var text))
        {
            return text;
        }

        var other = language.Other;
        LogFallback(logger, what, language.Code, other.Code);
        return Texts[other];
    }

    /// <summary>The longest text in any language (speech limits are per text).</summary>
    public int MaxLength => Texts.Values.Max(t => t.Length);

    public bool Equals(LocalizedText? other) =>
        other is not null && Texts.Count == other.Texts.Count && Texts.All(t => other.Texts.TryGetValue(t.Key, out var same) && same == t.Value);

    public override bool Equals(object? obj) => Equals(obj as LocalizedText);

    public override int GetHashCode() => Texts.Aggregate(0, (hash, t) => hash ^ HashCode.Combine(t.Key, t.Value));

    /// <summary>The English text or else the other, for logs and audit only.</summary>
    public override string ToString() => Texts.GetValueOrDefault(CallLanguage.English) ?? Texts.Values.First();

    [LoggerMessage(Level = LogLevel.Warning, Message = "{What} has no {Language} text; the caller hears the {FallbackLanguage} one")]
    private static partial void LogFallback(ILogger logger, string what, string language, string fallbackLanguage);
}
