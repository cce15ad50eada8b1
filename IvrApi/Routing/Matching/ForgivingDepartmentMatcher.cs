using IvrApi.Departments;

namespace IvrApi.Routing.Matching;

/// <summary>
/// Resolves what a caller said to a department, forgiving wording but never guessing:
/// <list type="number">
/// <item>Words are lower-cased, stripped of punctuation, made singular; filler and carrier words ("I want the ...
/// department please") are dropped. Any negation ("not", "no", "except") means the caller has not chosen: no match.</item>
/// <item>Names and synonyms found word for word are mentions; so is a spoken key ("two", "press 2") when nothing else
/// unexplained was said. One department mentioned and nothing else said: <see cref="DepartmentMatch.Matched"/>.
/// Two or more ("art history", "history or math", "two for science" when 2 is art): <see cref="DepartmentMatch.Ambiguous"/>.</item>
/// <item>A mention plus unexplained words ("ancient history") is only <see cref="DepartmentMatch.Probable"/>: confirm first.</item>
/// <item>An unexplained word that is a near miss of exactly one department's one-word name or synonym — a small edit
/// distance for its length, or the same sound key, with a clear margin over every other department — is
/// <see cref="DepartmentMatch.Probable"/> ("histery" → history?); so is a pair of unexplained words that joined make one
/// ("his tory"). Near two departments: ambiguous. Near none: no match.</item>
/// </list>
/// In a Spanish call the same steps run on Spanish word rules (<see cref="SpanishWords"/>: accents optional, Spanish
/// fillers, negations, plurals, numbers and sound key), over the departments' Spanish and English words alike.
/// Pure and deterministic; per-snapshot work is cached, and a turn allocates nothing on the routed and confirmed paths.
/// </summary>
public sealed class ForgivingDepartmentMatcher : IDepartmentMatcher
{
    // Far longer than any department request; a longer transcript is asked again rather than searched.
    private const int MaxHeardLength = 256;

    // Words shorter than this are too easily another word ("art"/"part", "math"/"mass"): they must be heard exactly.
    private const int MinNearMissLength = 5;

    // Beyond this a word is not compared at all (and the stack buffers stay small).
    private const int MaxNearMissLength = 40;

    // A department whose name is within this many edits of the best near miss makes it a toss-up: ask instead.
    private const int RivalMargin = 2;

    public DepartmentMatch Match(string? heard, DirectorySnapshot directory) => Match(heard, directory, CallLanguage.English);

    /// <summary>
    /// In a Spanish call the Spanish word rules apply (<see cref="SpanishWords"/>: accents optional, Spanish fillers,
    /// plurals and numbers) and a department is found by its Spanish or its English words.
    /// </summary>
    public DepartmentMatch Match(string? heard, DirectorySnapshot directory, CallLanguage language)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (string.IsNullOrWhiteSpace(heard) || heard.Length > MaxHeardLength)
        {
            return DepartmentMatch.None;
        }

        var index = DirectoryIndex.For(directory, language);
        Span<char> text = stackalloc char[heard.Length];
        Span<Range> words = stackalloc Range[(heard.Length / 2) + 1];
        var count = KeepContentWords(index, text, words, SpokenWords.Split(heard, text, words, language), out var negated);
        if (negated || count == 0)
        {
            return DepartmentMatch.None;
        }

        var mentioned = new DepartmentSet();
        Span<int> unexplained = stackalloc int[count];
        Span<int> keys = stackalloc int[count];
        int unexplainedCount = 0, keyCount = 0;
        for (var i = 0; i < count;)
        {
            var length = LongestTermAt(index, text, words[i..count], out var departments);
            if (length > 0)
            {
                mentioned.AddAll(departments);
                i += length;
                continue;
            }

            var number = SpokenWords.Number(text[words[i]], language);
            if (number >= 1 && number <= index.KeyCount)
            {
                keys[keyCount++] = number;
            }
            else
            {
                unexplained[unexplainedCount++] = i;
            }

            i++;
        }

        // A number is a key press only when it is all that was said besides names: "the second one" is not key 1.
        if (unexplainedCount == 0)
        {
            foreach (var key in keys[..keyCount])
            {
                mentioned.Add(key - 1);
            }
        }

        if (mentioned.Count > 1)
        {
            return mentioned.ToAmbiguous(index);
        }

        var near = new DepartmentSet();
        Span<char> joined = stackalloc char[MaxNearMissLength];
        for (var u = 0; u < unexplainedCount; u++)
        {
            var word = text[words[unexplained[u]]];
            AddNearMisses(index, word, ref near);

            // Recognizers split a word they do not know ("his tory"): an unplaced pair is also tried joined.
            if (u + 1 < unexplainedCount && unexplained[u + 1] == unexplained[u] + 1)
            {
                var following = text[words[unexplained[u + 1]]];
                if (word.Length + following.Length <= MaxNearMissLength)
                {
                    word.CopyTo(joined);
                    following.CopyTo(joined[word.Length..]);
                    AddNearMisses(index, joined[..(word.Length + following.Length)], ref near);
                }
            }
        }

        if (mentioned.Count == 1)
        {
            if (unexplainedCount == 0)
            {
                return index.Matched(mentioned.First);
            }

            near.Add(mentioned.First);
            return near.Count == 1 ? index.Probable(mentioned.First) : near.ToAmbiguous(index);
        }

        return near.Count switch
        {
            0 => DepartmentMatch.None,
            1 => index.Probable(near.First),
            _ => near.ToAmbiguous(index),
        };
    }

    /// <summary>Drops filler words in place, keeping the rest one space apart; reports a negation.</summary>
    private static int KeepContentWords(DirectoryIndex index, Span<char> text, Span<Range> words, int count, out bool negated)
    {
        negated = false;
        var kept = 0;
        var length = 0;
        for (var i = 0; i < count; i++)
        {
            var word = text[words[i]];

            // A department may be called "office" or "other": its name is never filler or negation.
            var isTerm = index.IsTerm(word);
            negated |= !isTerm && SpokenWords.IsNegation(word, index.Language);
            if (!isTerm && SpokenWords.IsFiller(word, index.Language))
            {
                continue;
            }

            if (kept > 0)
            {
                text[length++] = ' ';
            }

            word.CopyTo(text[length..]);
            words[kept++] = length..(length + word.Length);
            length += word.Length;
        }

        return kept;
    }

    /// <summary>How many of the leading <paramref name="words"/> form the longest name or synonym (0 if none).</summary>
    private static int LongestTermAt(DirectoryIndex index, ReadOnlySpan<char> text, ReadOnlySpan<Range> words, out int[] departments)
    {
        var start = words[0].Start.Value;
        for (var length = Math.Min(index.MaxTermWords, words.Length); length > 0; length--)
        {
            if (index.TryFindTerm(text[start..words[length - 1].End.Value], out departments))
            {
                return length;
            }
        }

        departments = [];
        return 0;
    }

    /// <summary>Adds the department <paramref name="word"/> is a near miss of, and any rival too close to tell apart.</summary>
    private static void AddNearMisses(DirectoryIndex index, ReadOnlySpan<char> word, ref DepartmentSet near)
    {
        var terms = index.NearMissTerms;
        if (word.Length is < MinNearMissLength or > MaxNearMissLength || terms.Count == 0)
        {
            return;
        }

        Span<char> keyBuffer = stackalloc char[2 * MaxNearMissLength];
        var soundKey = keyBuffer[..SpokenWords.SoundKey(word, keyBuffer, index.Language)];
        Span<int> distances = terms.Count <= 64 ? stackalloc int[terms.Count] : new int[terms.Count];
        var best = -1;
        for (var t = 0; t < terms.Count; t++)
        {
            var term = terms[t];
            var longer = Math.Max(word.Length, term.Word.Length);
            distances[t] = SpokenWords.Distance(word, term.Word, SoundSlack(longer) + RivalMargin);
            if (IsNearMiss(word, soundKey, term, distances[t]) && (best < 0 || distances[t] < distances[best]))
            {
                best = t;
            }
        }

        if (best < 0)
        {
            return;
        }

        var chosen = terms[best].Department;
        near.Add(chosen);
        for (var t = 0; t < terms.Count; t++)
        {
            var term = terms[t];
            if (term.Department != chosen && (distances[t] < distances[best] + RivalMargin || IsNearMiss(word, soundKey, term, distances[t])))
            {
                near.Add(term.Department);
            }
        }
    }

    /// <summary>
    /// Close enough to be what the recognizer mangled: one edit for words of 5-7 letters, two from 8 letters
    /// ("histery", "mathmatics"), or the same sound key within a few edits ("sighence" for science).
    /// </summary>
    private static bool IsNearMiss(ReadOnlySpan<char> word, ReadOnlySpan<char> soundKey, NearMissTerm term, int distance)
    {
        var shorter = Math.Min(word.Length, term.Word.Length);
        if (shorter < MinNearMissLength)
        {
            return false;
        }

        var allowedEdits = shorter >= 8 ? 2 : 1;
        return distance <= allowedEdits
            || (soundKey.Length >= 3 && soundKey.SequenceEqual(term.SoundKey) && distance <= SoundSlack(Math.Max(word.Length, term.Word.Length)));
    }

    // Same-sounding words may be spelled further apart, but not wholly differently.
    private static int SoundSlack(int longerLength) => 1 + (longerLength / 3);

    /// <summary>A few department positions, kept without allocating until there are two.</summary>
    private struct DepartmentSet
    {
        private List<int>? all;

        public int Count { get; private set; }

        public int First { get; private set; }

        public void Add(int department)
        {
            if (Count == 0)
            {
                First = department;
                Count = 1;
            }
            else if (department != First && all?.Contains(department) != true)
            {
                all ??= [First];
                all.Add(department);
                Count = all.Count;
            }
        }

        public void AddAll(int[] departments)
        {
            foreach (var department in departments)
            {
                Add(department);
            }
        }

        public readonly DepartmentMatch ToAmbiguous(DirectoryIndex index) =>
            new DepartmentMatch.Ambiguous((all ?? [First]).Order().Select(d => index.Departments[d]).ToArray());
    }
}
