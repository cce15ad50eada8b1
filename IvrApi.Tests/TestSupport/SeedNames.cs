using System.Text.Json.Nodes;

namespace IvrApi.Tests.TestSupport;

/// <summary>
/// The names the shipped seed (IvrApi/departments.json) gives its departments in Spanish (<c>names.es.name</c>), or the
/// department's one name where it gives none: what a Spanish caller hears and says for the seed's departments. Read
/// from the file, not from the code under test.
/// </summary>
public static class SeedNames
{
    private static readonly Lazy<JsonArray> Seed = new(() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(IvrEmulators.Cdk.CdkSynth.FindRepositoryRoot(AppContext.BaseDirectory), "IvrApi", "departments.json")))!.AsArray());

    public static string Spanish(string department) =>
        (string?)Seed.Value.Single(d => (string?)d!["department_name"] == department)!["names"]?["es"]?["name"] ?? department;
}
