using System.Runtime.CompilerServices;
using IvrApi.Routing;
using IvrApi.Routing.Matching;
using Xunit.Abstractions;

namespace IvrApi.Tests.Matching;

/// <summary>
/// Measures the matcher on the labelled phrases in phrases.tsv (English callers) and phrases.es.tsv (Spanish callers,
/// written by hand, not from the synonyms) and prints a summary and a table per section of the file. A misroute —
/// routing to a department the label does not name, or routing where the label says ask — fails the test outright.
/// </summary>
public sealed class PhraseSetTests(ITestOutputHelper output)
{
    // The share of phrases whose outcome equals its label exactly; the rest must be safe (asked again or confirmed).
    private const double MinAgreement = 0.95;

    private static readonly string SourceFolder = FolderOfThisFile();

    [Fact]
    public void The_labelled_phrase_set_is_never_misrouted() =>
        Measure("phrases.tsv", CallLanguage.English, "Phrase set", "phrase-set.txt");

    [Fact]
    public void The_Spanish_phrase_set_is_never_misrouted() =>
        Measure("phrases.es.tsv", CallLanguage.Spanish, "Phrase set (Spanish)", "phrase-set-es.txt");

    [Fact]
    public void The_phrase_set_is_large_and_covers_every_outcome()
    {
        var phrases = LoadPhrases("phrases.tsv");

        phrases.Should().HaveCountGreaterThanOrEqualTo(120);
        CoversEveryOutcome(phrases);
    }

    [Fact]
    public void The_Spanish_phrase_set_has_60_routable_and_20_unroutable_phrases_covering_every_outcome()
    {
        var phrases = LoadPhrases("phrases.es.tsv");

        phrases.Count(p => p.Expected != "ask").Should().BeGreaterThanOrEqualTo(60);
        phrases.Count(p => p.Expected == "ask").Should().BeGreaterThanOrEqualTo(20);
        phrases.Select(p => p.Heard).Should().OnlyHaveUniqueItems();
        CoversEveryOutcome(phrases);
    }

    private static void CoversEveryOutcome(Phrase[] phrases)
    {
        phrases.Select(p => p.Expected.Split(':')[0]).Distinct().Should().BeEquivalentTo("route", "confirm", "ask");
        phrases.Where(p => p.Expected != "ask").Select(p => p.Expected.Split(':')[1]).Distinct()
            .Should().BeEquivalentTo(MatchingDirectories.School.Departments.Select(d => d.Name));
    }

    private void Measure(string file, CallLanguage language, string title, string resultFile)
    {
        var matcher = new ForgivingDepartmentMatcher();
        var results = LoadPhrases(file)
            .Select(p => new Result(p.Section, p.Heard, p.Expected, Describe(matcher.Match(p.Heard, MatchingDirectories.School, language))))
            .ToArray();

        var misrouted = results.Where(r => IsWrong("route:", r.Expected, r.Actual)).ToArray();
        var wrongConfirm = results.Where(r => IsWrong("confirm:", r.Expected, r.Actual)).ToArray();
        var disagreements = results.Where(r => r.Expected != r.Actual).ToArray();
        var agreement = (double)(results.Length - disagreements.Length) / results.Length;
        var routed = results.Count(r => r.Actual.StartsWith("route:", StringComparison.Ordinal));
        var summary =
            $"{title}: {results.Length} phrases — routed right {routed - misrouted.Length}, " +
            $"confirmed {results.Count(r => r.Actual.StartsWith("confirm:", StringComparison.Ordinal))}, " +
            $"asked again {results.Count(r => r.Actual == "ask")}, misrouted {misrouted.Length}, wrong confirmations {wrongConfirm.Length}; " +
            $"agrees with its label {results.Length - disagreements.Length}/{results.Length} ({agreement:P1})";
        var details = disagreements.Select(r => $"  '{r.Heard}': expected {r.Expected}, got {r.Actual}").ToArray();

        Report(resultFile, [summary, .. Table(results), .. details]);
        misrouted.Should().BeEmpty("a wrong department is worse than asking again");
        wrongConfirm.Should().BeEmpty("confirming the wrong department sends the caller round again");
        agreement.Should().BeGreaterThanOrEqualTo(MinAgreement, "disagreements:\n" + string.Join('\n', details));
    }

    /// <summary>The accuracy table: per section of the file, and for routable (labelled with a department) and unroutable phrases.</summary>
    private static IEnumerable<string> Table(Result[] results)
    {
        static string Row(string name, IReadOnlyCollection<Result> rows)
        {
            var right = rows.Count(r => r.Expected == r.Actual);
            name = name.Length > 62 ? name[..61] + "…" : name;
            return $"| {name,-62} | {rows.Count,7} | {right,5} | {rows.Count(r => r.Actual.StartsWith("route:", StringComparison.Ordinal)),5} | " +
                $"{rows.Count(r => r.Actual.StartsWith("confirm:", StringComparison.Ordinal)),7} | {rows.Count(r => r.Actual == "ask"),3} | " +
                $"{rows.Count(r => IsWrong("route:", r.Expected, r.Actual)),9} | {(double)right / rows.Count,7:P1} |";
        }

        yield return $"| {"section",-62} | phrases | right | route | confirm | ask | misrouted | right % |";
        yield return $"|{new string('-', 64)}|---------|-------|-------|---------|-----|-----------|---------|";
        foreach (var section in results.GroupBy(r => r.Section))
        {
            yield return Row(section.Key, section.ToArray());
        }

        yield return Row("routable (labelled route or confirm)", results.Where(r => r.Expected != "ask").ToArray());
        yield return Row("unroutable (labelled ask)", results.Where(r => r.Expected == "ask").ToArray());
        yield return Row("all", results);
    }

    // Routing (or confirming) a department the label does not name — ask included — is wrong; routing where the label
    // only expects a confirmation of that same department is not.
    private static bool IsWrong(string outcome, string expected, string actual) =>
        actual.StartsWith(outcome, StringComparison.Ordinal) && DepartmentOf(expected) != DepartmentOf(actual);

    private static string? DepartmentOf(string label) => label.Split(':') is [_, var name] ? name : null;

    private static string Describe(DepartmentMatch match) => match switch
    {
        DepartmentMatch.Matched m => "route:" + m.Department.Name,
        DepartmentMatch.Probable p => "confirm:" + p.Department.Name,
        _ => "ask",
    };

    private static Phrase[] LoadPhrases(string file)
    {
        var section = "";
        var phrases = new List<Phrase>();
        foreach (var line in File.ReadLines(Path.Combine(SourceFolder, file)).Where(line => line.Length > 0))
        {
            if (line.StartsWith("# ", StringComparison.Ordinal) && !line.Contains('\t', StringComparison.Ordinal))
            {
                section = line[2..];
                continue;
            }

            var columns = line.Split('\t');
            phrases.Add(new(section, columns[0] switch { "(empty)" => "", "(spaces)" => "   ", var text => text }, columns[1]));
        }

        return phrases.ToArray();
    }

    private void Report(string file, string[] lines)
    {
        // The summary and the table reach the console (scripts/test-dotnet.sh keeps them); the disagreements, the test output.
        foreach (var line in lines)
        {
            output.WriteLine(line);
            if (!line.StartsWith("  ", StringComparison.Ordinal))
            {
                Console.WriteLine(line);
            }
        }

        // scripts/test.sh sets the results folder; alone, the test writes under the repository's artifacts/.
        var folder = Environment.GetEnvironmentVariable("IVR_RESULTS_DIR") is { Length: > 0 } set
            ? set
            : Path.Combine(SourceFolder, "..", "..", "artifacts", "test-results");
        Directory.CreateDirectory(folder);
        File.WriteAllLines(Path.Combine(folder, file), lines);
    }

    // The phrase files stay beside this source file: no copy to the build output to keep in step.
    private static string FolderOfThisFile([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;

    private sealed record Phrase(string Section, string Heard, string Expected);

    private sealed record Result(string Section, string Heard, string Expected, string Actual);
}
