using System.Text.Json.Serialization;
using IvrApi.Routing;

namespace IvrApi.Departments.Storage;

/// <summary>
/// Words for callers as stored: a string (the form from before languages, read as English and written so again when
/// English is all there is), or an object of texts by language code, <c>{ "en": "…", "es": "…" }</c>.
/// </summary>
[JsonConverter(typeof(MessageRecordConverter))]
public sealed record MessageRecord(IReadOnlyDictionary<string, string?> Texts)
{
    /// <summary>The texts by language; null when all are blank, or an error naming <paramref name="field"/> for an unknown language.</summary>
    public LocalizedText? ToText(string field, out FieldError? error)
    {
        var texts = new List<KeyValuePair<CallLanguage, string>>();
        foreach (var (code, text) in Texts)
        {
            if (CallLanguages.FromCode(code) is not { } language || code != language.Code)
            {
                error = new(field, $"{field} has a text in '{code}'; the languages are {string.Join(", ", CallLanguages.All.Select(l => l.Code))}");
                return null;
            }

            texts.Add(new(language, text ?? ""));
        }

        error = null;
        return LocalizedText.Of(texts);
    }

    public static MessageRecord? From(LocalizedText? text) =>
        text is null ? null : new(text.Texts.OrderBy(t => t.Key).ToDictionary(t => t.Key.Code, t => (string?)t.Value, StringComparer.Ordinal));

    /// <summary>English alone: stored as the plain string it was before languages.</summary>
    public string? SingleEnglish => Texts.Count == 1 && Texts.TryGetValue(CallLanguage.English.Code, out var english) ? english : null;
}
