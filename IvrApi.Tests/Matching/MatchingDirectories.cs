using IvrApi.Departments;
using IvrApi.Routing;

namespace IvrApi.Tests.Matching;

/// <summary>Directories the matching tests run against; the school one is the phrase sets' (see phrases.tsv, phrases.es.tsv).</summary>
internal static class MatchingDirectories
{
    public static DirectorySnapshot School { get; } = Of(
        Department("science", "natural sciences", "physics", "chemistry").InSpanish("ciencias", "ciencias naturales", "física", "química"),
        Department("art", "fine arts", "painting", "drawing").InSpanish("arte", "bellas artes", "pintura", "dibujo"),
        Department("history", "world history").InSpanish("historia", "historia universal"),
        Department("math", "mathematics", "maths", "arithmetic", "algebra").InSpanish("matemáticas", "matemática", "álgebra", "aritmética"));

    public static DirectorySnapshot Of(params Department[] departments) => new(departments);

    public static Department Department(string name, params string[] synonyms) =>
        DepartmentRules.TryCreate(name, "voiceConnector", "600100", synonyms, out var error)
        ?? throw new ArgumentException(error!.Message, nameof(name));

    /// <summary>The department with its Spanish name and synonyms, validated like the stored ones.</summary>
    public static Department InSpanish(this Department department, string name, params string[] synonyms) =>
        department with
        {
            Names = new Dictionary<CallLanguage, SpokenNames>
            {
                [CallLanguage.Spanish] = DepartmentRules.TryCreateNames(department.Name, CallLanguage.Spanish, name, synonyms, out var error)
                    ?? throw new ArgumentException(error!.Message, nameof(name)),
            },
        };
}
