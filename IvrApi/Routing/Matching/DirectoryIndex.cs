using System.Runtime.CompilerServices;
using IvrApi.Departments;

namespace IvrApi.Routing.Matching;

/// <summary>
/// What matching needs from one directory snapshot in one call language, worked out once per snapshot and language (a
/// snapshot lives for the directory's cache duration and is shared by every call), so a bot turn only looks things up.
/// A Spanish caller's words are the Spanish names and the English ones (a caller may well say "history"); an English
/// caller's are the English ones.
/// </summary>
internal sealed class DirectoryIndex
{
    /// <summary>Keys 1-9 on the keypad; 0, * and # are not department keys.</summary>
    public const int MaxKeys = 9;

    private static readonly ConditionalWeakTable<DirectorySnapshot, DirectoryIndex> EnglishIndexes = [];

    private static readonly ConditionalWeakTable<DirectorySnapshot, DirectoryIndex> SpanishIndexes = [];

    private readonly Dictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>> terms;
    private readonly DepartmentMatch[] matched;
    private readonly DepartmentMatch[] probable;

    private DirectoryIndex(DirectorySnapshot snapshot, CallLanguage language)
    {
        Language = language;
        Departments = snapshot.Departments;
        matched = Departments.Select(d => (DepartmentMatch)new DepartmentMatch.Matched(d)).ToArray();
        probable = Departments.Select(d => (DepartmentMatch)new DepartmentMatch.Probable(d)).ToArray();
        KeyCount = Math.Min(Departments.Count, MaxKeys);

        var spoken = Departments
            .SelectMany((d, i) => WordsOf(d, language).Select(term => (Words: SplitTerm(term, language), Department: i)))
            .Where(t => t.Words.Length > 0)
            .ToArray();

        // A one-word name beats the filler list ("office" may be a department); filler words inside longer names are
        // dropped like the caller's, so "the arts" is found when a caller says "arts".
        var byTerm = new Dictionary<string, int[]>(StringComparer.Ordinal);
        foreach (var (words, department) in spoken.Where(t => t.Words.Length == 1))
        {
            Add(byTerm, words[0], department);
        }

        var oneWordTerms = byTerm.Keys.ToHashSet(StringComparer.Ordinal);
        foreach (var (words, department) in spoken.Where(t => t.Words.Length > 1))
        {
            var content = words.Where(w => oneWordTerms.Contains(w) || !SpokenWords.IsFiller(w, language)).ToArray();
            var key = content.Length > 0 ? content : words;
            Add(byTerm, string.Join(' ', key), department);
            MaxTermWords = Math.Max(MaxTermWords, key.Length);
        }

        MaxTermWords = Math.Max(MaxTermWords, 1);
        terms = byTerm.GetAlternateLookup<ReadOnlySpan<char>>();
        NearMissTerms = byTerm
            .Where(t => !t.Key.Contains(' ', StringComparison.Ordinal))
            .SelectMany(t => t.Value.Select(department => new NearMissTerm(t.Key, SoundKey(t.Key, language), department)))
            .ToArray();
    }

    public IReadOnlyList<Department> Departments { get; }

    /// <summary>The language whose word rules (fillers, plurals, numbers, sounds) apply.</summary>
    public CallLanguage Language { get; }

    /// <summary>How many departments have a key: the first nine in directory order.</summary>
    public int KeyCount { get; }

    /// <summary>The longest name or synonym, in words.</summary>
    public int MaxTermWords { get; }

    /// <summary>One-word names and synonyms, compared against words that match nothing exactly.</summary>
    public IReadOnlyList<NearMissTerm> NearMissTerms { get; }

    public static DirectoryIndex For(DirectorySnapshot snapshot, CallLanguage language = CallLanguage.English) =>
        language == CallLanguage.Spanish
            ? SpanishIndexes.GetValue(snapshot, static s => new DirectoryIndex(s, CallLanguage.Spanish))
            : EnglishIndexes.GetValue(snapshot, static s => new DirectoryIndex(s, CallLanguage.English));

    /// <summary>The words a caller of <paramref name="language"/> may use for a department.</summary>
    public static IEnumerable<string> WordsOf(Department department, CallLanguage language) =>
        language == CallLanguage.English ? department.Terms(CallLanguage.English) : department.Terms(language).Concat(department.Terms(CallLanguage.English));

    /// <summary>A term as the matcher compares it in <paramref name="language"/>: its words folded, singular, one space apart.</summary>
    public static string Key(string term, CallLanguage language) => string.Join(' ', SplitTerm(term, language));

    /// <summary>The departments (by position) whose name or synonym is exactly these words.</summary>
    public bool TryFindTerm(ReadOnlySpan<char> words, out int[] departments) =>
        terms.TryGetValue(words, out departments!);

    /// <summary>A department's whole name or synonym: such a word is never taken for a filler or a negation.</summary>
    public bool IsTerm(ReadOnlySpan<char> word) => terms.ContainsKey(word);

    public DepartmentMatch Matched(int department) => matched[department];

    public DepartmentMatch Probable(int department) => probable[department];

    private static string[] SplitTerm(string term, CallLanguage language)
    {
        var text = new char[term.Length];
        var words = new Range[(term.Length / 2) + 1];
        var count = SpokenWords.Split(term, text, words, language);
        return words[..count].Select(r => new string(text[r])).ToArray();
    }

    private static string SoundKey(string word, CallLanguage language)
    {
        var key = new char[2 * word.Length];
        return new string(key, 0, SpokenWords.SoundKey(word, key, language));
    }

    private static void Add(Dictionary<string, int[]> byTerm, string key, int department)
    {
        var existing = byTerm.GetValueOrDefault(key, []);
        if (!existing.Contains(department))
        {
            byTerm[key] = [.. existing, department];
        }
    }
}
