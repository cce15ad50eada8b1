using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace IvrEmulators.Lex;

/// <summary>
/// Deliberately simple language understanding, stated here so nobody mistakes it for Lex's:
/// <list type="bullet">
/// <item>An intent matches when the normalized input (lower case, punctuation removed) matches one of its sample
/// utterances word for word, with <c>{Slot}</c> standing for any phrase; the utterance with the most literal words wins.</item>
/// <item>A slot value resolves to a slot type value when it equals the value or one of its synonyms (case-insensitive).
/// Under <c>TOP_RESOLUTION</c> only such values are captured, interpretedValue = the value. Under <c>ORIGINAL_VALUE</c>
/// ("expand values": https://docs.aws.amazon.com/lexv2/latest/dg/custom-slot-types.html) a resolved phrase is captured,
/// and so is any other phrase of at most two words ("similar" to the values, e.g. a misheard name); longer phrases that
/// resolve to nothing are not captured; interpretedValue = what was said.</item>
/// <item>Keypad digits are captured as the slot value under ORIGINAL_VALUE, and under TOP_RESOLUTION only when they are a value.</item>
/// <item>Confirmation answers: a few yes and no words of the locale (en_US, es_US: Lex understands yes and no in the
/// bot's language, https://docs.aws.amazon.com/lexv2/latest/dg/intent-confirm.html); anything else is neither.</item>
/// </list>
/// </summary>
public static partial class SimpleNlu
{
    private static readonly HashSet<string> Yes = new(StringComparer.Ordinal)
    {
        "yes", "yeah", "yep", "yup", "sure", "correct", "right", "ok", "okay", "yes please", "that's right", "that is right", "affirmative",
    };

    private static readonly HashSet<string> No = new(StringComparer.Ordinal)
    {
        "no", "nope", "nah", "no thanks", "no thank you", "wrong", "incorrect", "negative", "that's wrong", "not really",
    };

    private static readonly HashSet<string> SpanishYes = new(StringComparer.Ordinal)
    {
        "sí", "si", "claro", "claro que sí", "correcto", "exacto", "así es", "eso es", "sí por favor", "afirmativo", "de acuerdo",
    };

    private static readonly HashSet<string> SpanishNo = new(StringComparer.Ordinal)
    {
        "no", "no gracias", "incorrecto", "negativo", "para nada", "no es correcto", "está mal",
    };

    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            builder.Append(char.IsLetterOrDigit(c) || c == '\'' ? c : ' ');
        }

        return Spaces().Replace(builder.ToString(), " ").Trim();
    }

    /// <summary>"Confirmed", "Denied" or null, in the words of the bot's locale (<paramref name="localeId"/>).</summary>
    public static string? Confirmation(string transcript, string localeId = "en_US")
    {
        var said = Normalize(transcript);
        var (yes, no) = localeId == "es_US" ? (SpanishYes, SpanishNo) : (Yes, No);
        return yes.Contains(said) ? "Confirmed" : no.Contains(said) ? "Denied" : null;
    }

    /// <summary>The best matching intent (never the fallback) and the phrases standing at its slot positions.</summary>
    public static (IntentDefinition Intent, Dictionary<string, string> Phrases)? Classify(BotLocale locale, string transcript)
    {
        ArgumentNullException.ThrowIfNull(locale);
        var said = Normalize(transcript);
        (IntentDefinition Intent, Dictionary<string, string> Phrases, int Literal)? best = null;
        foreach (var intent in locale.Intents.Where(i => i.ParentSignature != "AMAZON.FallbackIntent"))
        {
            foreach (var utterance in intent.SampleUtterances)
            {
                var match = Match(utterance, said);
                if (match is null || !match.Value.Phrases.All(p => Capture(locale, intent.Slot(p.Key), p.Value, dtmf: false) is not null))
                {
                    continue;
                }

                if (best is null || match.Value.Literal > best.Value.Literal)
                {
                    best = (intent, match.Value.Phrases, match.Value.Literal);
                }
            }
        }

        return best is null ? null : (best.Value.Intent, best.Value.Phrases);
    }

    /// <summary>The phrase for <paramref name="slot"/> in an answer to its prompt: from an utterance naming the slot, else the whole answer.</summary>
    public static string SlotPhrase(IntentDefinition intent, SlotDefinition slot, string transcript)
    {
        ArgumentNullException.ThrowIfNull(intent);
        ArgumentNullException.ThrowIfNull(slot);
        var said = Normalize(transcript);
        var best = intent.SampleUtterances
            .Where(u => u.Contains('{' + slot.Name + '}', StringComparison.Ordinal))
            .Select(u => Match(u, said))
            .Where(m => m is not null && m.Value.Phrases.ContainsKey(slot.Name) && m.Value.Literal > 0)
            .OrderByDescending(m => m!.Value.Literal)
            .FirstOrDefault();
        return best?.Phrases[slot.Name] ?? said;
    }

    /// <summary>The Lex Slot object for <paramref name="phrase"/>, or null when the slot type does not capture it.</summary>
    public static JsonObject? Capture(BotLocale locale, SlotDefinition? slot, string phrase, bool dtmf)
    {
        ArgumentNullException.ThrowIfNull(locale);
        if (slot is null || string.IsNullOrWhiteSpace(phrase))
        {
            return null;
        }

        var type = locale.SlotType(slot.SlotTypeName);
        var normalized = Normalize(phrase);
        var resolved = type?.Values
            .Where(v => Normalize(v.Value) == normalized || v.Synonyms.Any(s => Normalize(s) == normalized))
            .Select(v => v.Value).ToList() ?? [];
        string? interpreted;
        // SlotValueSelectionSetting.ResolutionStrategy
        // (https://docs.aws.amazon.com/lexv2/latest/APIReference/API_SlotValueSelectionSetting.html): ORIGINAL_VALUE
        // "Returns the value entered by the user, if the user value is similar to the slot value"; TOP_RESOLUTION "If
        // there is a resolution list for the slot, return the first value in the resolution list."
        if (type is null || type.ResolutionStrategy != "TOP_RESOLUTION")
        {
            var similar = resolved.Count > 0 || dtmf || normalized.Split(' ').Length <= 2;
            interpreted = similar ? phrase.Trim() : null;
        }
        else
        {
            interpreted = resolved.FirstOrDefault();
        }

        return interpreted is null ? null : new JsonObject
        {
            ["shape"] = "Scalar",
            ["value"] = new JsonObject
            {
                ["originalValue"] = phrase.Trim(),
                ["interpretedValue"] = interpreted,
                ["resolvedValues"] = new JsonArray(resolved.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()),
            },
        };
    }

    private static (Dictionary<string, string> Phrases, int Literal)? Match(string utterance, string said)
    {
        var parts = new List<string>();
        var literal = 0;
        foreach (var token in Slots().Replace(utterance, m => " {" + m.Groups[1].Value + "} ").Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (token.StartsWith('{') && token.EndsWith('}'))
            {
                parts.Add("(?<" + token[1..^1] + ">.+?)");
                continue;
            }

            foreach (var word in Normalize(token).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                parts.Add(Regex.Escape(word));
                literal++;
            }
        }

        var match = Regex.Match(said, "^" + string.Join(' ', parts) + "$", RegexOptions.None, TimeSpan.FromSeconds(1));
        if (!match.Success)
        {
            return null;
        }

        var phrases = match.Groups.Cast<Group>().Where(g => g.Success && !int.TryParse(g.Name, out _))
            .ToDictionary(g => g.Name, g => g.Value, StringComparer.Ordinal);
        return (phrases, literal);
    }

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex Slots();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
