using System.Text.Json.Nodes;

namespace IvrDeploy;

/// <summary>One entry of IvrApi/departments.json. <see cref="Item"/> keeps every field, known or not, for the table seed.</summary>
internal sealed record Department(string Name, IReadOnlyList<string> Synonyms, JsonObject Item);

/// <summary>Reads the department list: the one source of truth shared by the service, the table seed and the bot.</summary>
internal static class Departments
{
    public static IReadOnlyList<Department> Load(string path)
    {
        var array = JsonNode.Parse(File.ReadAllText(path))?.AsArray()
            ?? throw new InvalidDataException($"{path} must hold a JSON array of departments.");
        var departments = array.Select(node => Parse(node, path)).ToList();
        if (departments.Count == 0)
        {
            throw new InvalidDataException($"{path} lists no departments.");
        }

        var duplicate = departments.GroupBy(d => d.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidDataException($"{path} lists department '{duplicate.Key}' twice.");
        }

        return departments;
    }

    private static Department Parse(JsonNode? node, string path)
    {
        var item = node as JsonObject ?? throw new InvalidDataException($"{path}: every department must be a JSON object.");
        var name = (item["department_name"] as JsonValue)?.GetValue<string>();
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new InvalidDataException($"{path}: a department has no department_name.");
        }

        var synonyms = (item["synonyms"] as JsonArray)?.Select(s => s!.GetValue<string>()).ToList() ?? [];
        return new Department(name, synonyms, item);
    }
}
