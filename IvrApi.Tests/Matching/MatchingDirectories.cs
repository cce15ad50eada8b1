using IvrApi.Departments;

namespace IvrApi.Tests.Matching;

/// <summary>Directories the matching tests run against; the school one is the phrase set's (see phrases.tsv).</summary>
internal static class MatchingDirectories
{
    public static DirectorySnapshot School { get; } = Of(
        Department("science", "natural sciences", "physics", "chemistry"),
        Department("art", "fine arts", "painting", "drawing"),
        Department("history", "world history"),
        Department("math", "mathematics", "maths", "arithmetic", "algebra"));

    public static DirectorySnapshot Of(params Department[] departments) => new(departments);

    public static Department Department(string name, params string[] synonyms) =>
        DepartmentRules.TryCreate(name, "voiceConnector", "600100", synonyms, out var error)
        ?? throw new ArgumentException(error!.Message, nameof(name));
}
