using System.Runtime.CompilerServices;
using IvrApi.Routing;
using IvrApi.Routing.Matching;
using Xunit.Abstractions;

namespace IvrApi.Tests.Matching;

/// <summary>
/// Measures the matcher on the labelled phrases in phrases.tsv and prints a summary. A misroute — routing to a
/// department the label does not name, or routing where the label says ask — fails the test outright.
/// </summary>
public sealed class PhraseSetTests(ITestOutputHelper output)
{
    // The share of phrases whose outcome equals its label exactly; the rest must be safe (asked again or confirmed).
    private const double MinAgreement = 0.95;

    private static readonly string SourceFolder = FolderOfThisFile();

    [Fact]
    public void The_labelled_phrase_set_is_never_misrouted()
    {
        var matcher = new ForgivingDepartmentMatcher();
        var phrases = LoadPhrases();
        var results = phrases.Select(p => (p.Heard, p.Expected, Actual: Describe(matcher.Match(p.Heard, MatchingDirectories.School)))).ToArray();

        var misrouted = results.Where(r => IsWrong("route:", r.Expected, r.Actual)).ToArray();
        var wrongConfirm = results.Where(r => IsWrong("confirm:", r.Expected, r.Actual)).ToArray();
        var disagreements = results.Where(r => r.Expected != r.Actual).ToArray();
        var agreement = (double)(results.Length - disagreements.Length) / results.Length;
        var routed = results.Count(r => r.Actual.StartsWith("route:", StringComparison.Ordinal));
        var summary =
            $"Phrase set: {results.Length} phrases — routed right {routed - misrouted.Length}, " +
            $"confirmed {results.Count(r => r.Actual.StartsWith("confirm:", StringComparison.Ordinal))}, " +
            $"asked again {results.Count(r => r.Actual == "ask")}, misrouted {misrouted.Length}, wrong confirmations {wrongConfirm.Length}; " +
            $"agrees with its label {results.Length - disagreements.Length}/{results.Length} ({agreement:P1})";
        var details = disagreements.Select(r => $"  '{r.Heard}': expected {r.Expected}, got {r.Actual}").ToArray();

        Report(summary, details);
        misrouted.Should().BeEmpty("a wrong department is worse than asking again");
        wrongConfirm.Should().BeEmpty("confirming the wrong department sends the caller round again");
        agreement.Should().BeGreaterThanOrEqualTo(MinAgreement, "disagreements:\n" + string.Join('\n', details));
    }

    [Fact]
    public void The_phrase_set_is_large_and_covers_every_outcome()
    {
        var phrases = LoadPhrases();

        phrases.Should().HaveCountGreaterThanOrEqualTo(120);
        phrases.Select(p => p.Expected.Split(':')[0]).Distinct().Should().BeEquivalentTo("route", "confirm", "ask");
        phrases.Where(p => p.Expected != "ask").Select(p => p.Expected.Split(':')[1]).Distinct()
            .Should().BeEquivalentTo(MatchingDirectories.School.Departments.Select(d => d.Name));
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

    private static (string Heard, string Expected)[] LoadPhrases() =>
        File.ReadLines(Path.Combine(SourceFolder, "phrases.tsv"))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('\t'))
            .Select(columns => (Heard: columns[0] switch { "(empty)" => "", "(spaces)" => "   ", var text => text }, Expected: columns[1]))
            .ToArray();

    private void Report(string summary, string[] details)
    {
        output.WriteLine(summary);
        Console.WriteLine(summary);
        foreach (var line in details)
        {
            output.WriteLine(line);
        }

        // scripts/test.sh sets the results folder; alone, the test writes under the repository's artifacts/.
        var folder = Environment.GetEnvironmentVariable("IVR_RESULTS_DIR") is { Length: > 0 } set
            ? set
            : Path.Combine(SourceFolder, "..", "..", "artifacts", "test-results");
        Directory.CreateDirectory(folder);
        File.WriteAllLines(Path.Combine(folder, "phrase-set.txt"), [summary, .. details]);
    }

    // The phrase file stays beside this source file: no copy to the build output to keep in step.
    private static string FolderOfThisFile([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
