using System.Collections.Frozen;

namespace IvrApi.Routing.Matching;

/// <summary>
/// The word rules applied alike to the directory's names and synonyms and to what a caller said, so both sides meet in
/// one form: lower case, letters and digits only, accents dropped ("matemáticas" → "matematicas"), apostrophes dropped
/// ("don't" → "dont"), singular. The lists and plural rules are the call's language's: English here, Spanish in
/// <see cref="SpanishWords"/>.
/// </summary>
internal static class SpokenWords
{
    // Words that never name a department: politeness, carrier phrases ("I want to speak to the ... department"),
    // hesitations and question words. Stored singular, as the tokenizer leaves words. A directory term wins over this
    // list: a department called "office" is still found.
    private static readonly FrozenSet<string> Fillers = ToSingular(
        "a", "an", "the", "i", "im", "id", "ive", "ill", "me", "my", "we", "our", "us", "you", "your", "it", "its",
        "this", "that", "these", "those", "there", "here", "to", "for", "of", "in", "on", "at", "with", "about", "from",
        "into", "through", "by", "and", "or", "then", "so", "just", "also", "too", "some", "someone", "somebody",
        "anyone", "anybody", "person", "people", "thing", "please", "pls", "kindly", "want", "wanna", "wanted", "need",
        "needed", "like", "would", "could", "can", "may", "might", "will", "shall", "should", "is", "are", "am", "was",
        "be", "been", "do", "does", "did", "have", "has", "had", "get", "got", "go", "going", "take", "put", "connect",
        "connected", "transfer", "transferred", "speak", "speaking", "talk", "talking", "reach", "call", "calling",
        "looking", "look", "trying", "try", "help", "ask", "asking", "send", "give", "let", "see", "find", "think",
        "guess", "mean", "say", "said", "hi", "hello", "hey", "yes", "yeah", "yep", "ok", "okay", "sure", "thanks",
        "thank", "thankyou", "cheers", "well", "um", "umm", "uh", "uhm", "er", "erm", "ah", "oh", "hmm", "mm",
        "actually", "maybe", "probably", "right", "now", "today", "good", "morning", "afternoon", "evening", "sir",
        "madam", "maam", "what", "where", "who", "which", "how", "department", "dept", "office", "section",
        "division", "unit", "team", "desk", "line", "extension", "number", "option", "press", "menu", "question",
        "query", "inquiry", "enquiry", "regarding", "concerning", "teacher", "class", "course", "subject", "faculty",
        "staff");

    // A caller who rules something out ("not history", "anything but math") has not chosen: ask again.
    private static readonly FrozenSet<string> Negations = ToSingular(
        "not", "no", "nope", "nah", "dont", "doesnt", "didnt", "isnt", "arent", "wasnt", "cant", "wont", "never",
        "except", "without", "but", "neither", "nor", "instead", "other");

    // Spoken keys: the keypad menu tells callers to "press 2", and many say "two" instead.
    private static readonly FrozenDictionary<string, int> Numbers = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["zero"] = 0, ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4,
        ["five"] = 5, ["six"] = 6, ["seven"] = 7, ["eight"] = 8, ["nine"] = 9,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> FillerLookup =
        Fillers.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> NegationLookup =
        Negations.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> NumberLookup =
        Numbers.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> SpanishFillerLookup =
        SpanishWords.Fillers.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> SpanishNegationLookup =
        SpanishWords.Negations.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> SpanishNumberLookup =
        SpanishWords.Numbers.GetAlternateLookup<ReadOnlySpan<char>>();

    public static bool IsFiller(ReadOnlySpan<char> word, CallLanguage language = CallLanguage.English) =>
        language == CallLanguage.Spanish ? SpanishFillerLookup.Contains(word) : FillerLookup.Contains(word);

    public static bool IsNegation(ReadOnlySpan<char> word, CallLanguage language = CallLanguage.English) =>
        language == CallLanguage.Spanish ? SpanishNegationLookup.Contains(word) : NegationLookup.Contains(word);

    /// <summary>The number a word or digit says (0-9), or -1.</summary>
    public static int Number(ReadOnlySpan<char> word, CallLanguage language = CallLanguage.English) =>
        word.Length == 1 && char.IsAsciiDigit(word[0]) ? word[0] - '0'
        : (language == CallLanguage.Spanish ? SpanishNumberLookup : NumberLookup).TryGetValue(word, out var value) ? value
        : -1;

    /// <summary>
    /// Writes <paramref name="input"/> into <paramref name="text"/> as singular lower-case words separated by one space,
    /// and each word's place into <paramref name="words"/>. Returns the number of words.
    /// Both spans must be at least as long as the input (words: half of it, plus one).
    /// </summary>
    public static int Split(ReadOnlySpan<char> input, Span<char> text, Span<Range> words, CallLanguage language = CallLanguage.English)
    {
        var length = 0;
        var count = 0;
        var start = -1;
        foreach (var c in input)
        {
            if (c is '\'' or '\u2019')
            {
                continue;
            }

            if (char.IsLetterOrDigit(c))
            {
                if (start < 0)
                {
                    if (count > 0)
                    {
                        text[length++] = ' ';
                    }

                    start = length;
                }

                text[length++] = Fold(char.ToLowerInvariant(c));
            }
            else if (start >= 0)
            {
                length = start + Singularize(text[start..length], language);
                words[count++] = start..length;
                start = -1;
            }
        }

        if (start >= 0)
        {
            length = start + Singularize(text[start..length], language);
            words[count++] = start..length;
        }

        return count;
    }

    /// <summary>Plural to singular in place by the language's rule (<see cref="SpanishWords.Singularize"/> for Spanish). Returns the new length.</summary>
    public static int Singularize(Span<char> word, CallLanguage language) =>
        language == CallLanguage.Spanish ? SpanishWords.Singularize(word) : Singularize(word);

    /// <summary>A sound key by the language's rules (<see cref="SpanishWords.SoundKey"/> for Spanish).</summary>
    public static int SoundKey(ReadOnlySpan<char> word, Span<char> key, CallLanguage language) =>
        language == CallLanguage.Spanish ? SpanishWords.SoundKey(word, key) : SoundKey(word, key);

    /// <summary>
    /// A lower-case letter without its accent: recognizers and callers (typing, spelling) drop them at will, so
    /// "história", "historia", "matemáticas" and "matematicas" are one word. One letter for one, so lengths hold.
    /// </summary>
    public static char Fold(char c) => c switch
    {
        'à' or 'á' or 'â' or 'ã' or 'ä' or 'å' => 'a',
        'è' or 'é' or 'ê' or 'ë' => 'e',
        'ì' or 'í' or 'î' or 'ï' => 'i',
        'ò' or 'ó' or 'ô' or 'õ' or 'ö' => 'o',
        'ù' or 'ú' or 'û' or 'ü' => 'u',
        'ñ' => 'n',
        'ç' => 'c',
        'ý' or 'ÿ' => 'y',
        _ => c,
    };

    /// <summary>
    /// Plural to singular in place, by rule rather than dictionary, so "sciences", "maths", "histories" and "arts"
    /// meet "science", "math", "history" and "art". Words ending in -ss, -us, -is keep their s ("class", "analysis").
    /// Returns the new length.
    /// </summary>
    public static int Singularize(Span<char> word)
    {
        var n = word.Length;
        if (n < 4 || word[^1] != 's' || word.EndsWith("ss") || word.EndsWith("us") || word.EndsWith("is"))
        {
            return n;
        }

        if (n >= 5 && word.EndsWith("ies"))
        {
            word[n - 3] = 'y';
            return n - 2;
        }

        if (word.EndsWith("sses") || word.EndsWith("xes") || word.EndsWith("zes") || word.EndsWith("ches") || word.EndsWith("shes"))
        {
            return n - 2;
        }

        return n - 1;
    }

    /// <summary>Edit distance with adjacent transpositions (optimal string alignment); stops counting above <paramref name="cap"/>.</summary>
    public static int Distance(ReadOnlySpan<char> a, ReadOnlySpan<char> b, int cap)
    {
        if (Math.Abs(a.Length - b.Length) > cap)
        {
            return cap + 1;
        }

        Span<int> rows = stackalloc int[3 * (b.Length + 1)];
        var before = rows[..(b.Length + 1)];
        var previous = rows.Slice(b.Length + 1, b.Length + 1);
        var current = rows[(2 * (b.Length + 1))..];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, before[j - 2] + 1);
                }

                current[j] = value;
                rowMin = Math.Min(rowMin, value);
            }

            if (rowMin > cap)
            {
                return cap + 1;
            }

            var spare = before;
            before = previous;
            previous = current;
            current = spare;
        }

        return Math.Min(previous[b.Length], cap + 1);
    }

    /// <summary>
    /// A sound key in the manner of Metaphone, enough for speech-recognition near misses: vowels after the first letter
    /// and silent letters dropped, letters that sound alike merged ("sighence" and "science" both give SNS).
    /// <paramref name="key"/> needs twice the word's length. Returns the key's length.
    /// </summary>
    public static int SoundKey(ReadOnlySpan<char> word, Span<char> key)
    {
        var length = 0;
        for (var i = 0; i < word.Length; i++)
        {
            var c = word[i];
            var next = i + 1 < word.Length ? word[i + 1] : '\0';
            var afterNext = i + 2 < word.Length ? word[i + 2] : '\0';
            var previous = i > 0 ? word[i - 1] : '\0';
            if (i == 0 && next != '\0' && IsSilentFirst(c, next))
            {
                continue;
            }

            switch (c)
            {
                case 'a' or 'e' or 'i' or 'o' or 'u':
                    if (i == 0)
                    {
                        Emit(key, ref length, 'A');
                    }

                    break;
                case 'b':
                    if (!(previous == 'm' && next == '\0'))
                    {
                        Emit(key, ref length, 'B');
                    }

                    break;
                case 'c':
                    if (next == 'h')
                    {
                        Emit(key, ref length, 'X');
                        i++;
                    }
                    else
                    {
                        Emit(key, ref length, next is 'e' or 'i' or 'y' ? 'S' : 'K');
                    }

                    break;
                case 'd':
                    Emit(key, ref length, next == 'g' && afterNext is 'e' or 'i' or 'y' ? 'J' : 'T');
                    break;
                case 'g':
                    if (next == 'h' && i > 0)
                    {
                        i++; // "gh" after the first letter is silent or an f: "sigh", "night", "laugh".
                    }
                    else
                    {
                        Emit(key, ref length, next is 'e' or 'i' or 'y' ? 'J' : 'K');
                    }

                    break;
                case 'h':
                    // Sounded before a vowel, y included ("hymn", "hystery"), unless part of ch, gh, ph, sh, th.
                    if ((IsVowel(next) || next == 'y') && !(previous is 'c' or 'g' or 'p' or 's' or 't') && !IsVowel(previous))
                    {
                        Emit(key, ref length, 'H');
                    }

                    break;
                case 'k':
                    if (previous != 'c')
                    {
                        Emit(key, ref length, 'K');
                    }

                    break;
                case 'p':
                    Emit(key, ref length, next == 'h' ? 'F' : 'P');
                    break;
                case 'q':
                    Emit(key, ref length, 'K');
                    break;
                case 's':
                    Emit(key, ref length, next == 'h' || IsSoftI(i, next, afterNext) ? 'X' : 'S');
                    break;
                case 't':
                    if (next == 'h')
                    {
                        Emit(key, ref length, '0');
                        i++;
                    }
                    else if (IsSoftI(i, next, afterNext))
                    {
                        Emit(key, ref length, 'X');
                    }
                    else if (!(next == 'c' && afterNext == 'h'))
                    {
                        Emit(key, ref length, 'T');
                    }

                    break;
                case 'v':
                    Emit(key, ref length, 'F');
                    break;
                case 'w' or 'y':
                    if (IsVowel(next))
                    {
                        Emit(key, ref length, char.ToUpperInvariant(c));
                    }

                    break;
                case 'x':
                    Emit(key, ref length, 'K');
                    Emit(key, ref length, 'S');
                    break;
                case 'z':
                    Emit(key, ref length, 'S');
                    break;
                case >= 'a' and <= 'z':
                    Emit(key, ref length, char.ToUpperInvariant(c));
                    break;
                default:
                    break; // Digits and other scripts carry no sound we can compare.
            }
        }

        return length;
    }

    private static bool IsSilentFirst(char c, char next) =>
        (c, next) is ('k', 'n') or ('g', 'n') or ('p', 'n') or ('w', 'r') or ('p', 's');

    // "-sion", "-tia": an sh sound inside a word; at its start ("siamese", "tiara") the letter keeps its own sound.
    private static bool IsSoftI(int i, char next, char afterNext) => i > 0 && next == 'i' && afterNext is 'o' or 'a';

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u';

    /// <summary>Appends a sound to a key (<see cref="SpanishWords.SoundKey"/> too).</summary>
    internal static void Emit(Span<char> key, ref int length, char code)
    {
        // Doubled sounds are one sound: "ss", "rr", "cc" before a consonant, "sc" before e/i/y.
        if (length == 0 || key[length - 1] != code)
        {
            key[length++] = code;
        }
    }

    private static FrozenSet<string> ToSingular(params string[] words) =>
        words.Select(w =>
        {
            var buffer = w.ToCharArray();
            return new string(buffer, 0, Singularize(buffer));
        }).ToFrozenSet(StringComparer.Ordinal);
}
