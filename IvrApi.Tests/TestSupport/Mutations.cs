using System.Text.Json.Nodes;

namespace IvrApi.Tests.TestSupport;

/// <summary>
/// Damaged copies of an event: every key dropped, nulled or given the wrong type, and every string replaced by CR/LF
/// injections, control characters, path traversal and a huge value.
/// </summary>
public static class Mutations
{
    private static readonly string Huge = new('a', 20_000);

    private static readonly JsonNode?[] StringReplacements =
    [
        "history\r\nX-Evil: 1", "\u0000\u0007\u001b", "../../etc/passwd", "\"quoted\" 'value'", "", "  ", Huge, "histöry 🎵",
    ];

    public static IEnumerable<(string Description, JsonObject Event)> Of(JsonObject original)
    {
        foreach (var path in Paths(original))
        {
            var value = Resolve(original, path);
            yield return ($"null {Describe(path)}", With(original, path, _ => null));
            if (path[^1] is string)
            {
                yield return ($"drop {Describe(path)}", Drop(original, path));
            }

            foreach (var (label, replacement) in WrongTypes(value))
            {
                yield return ($"{label} {Describe(path)}", With(original, path, _ => replacement?.DeepClone()));
            }

            if (value is JsonValue v && v.TryGetValue<string>(out _))
            {
                foreach (var replacement in StringReplacements)
                {
                    var shown = replacement!.ToString();
                    yield return ($"string '{(shown.Length > 20 ? shown[..20] + "…" : shown)}' at {Describe(path)}", With(original, path, _ => replacement.DeepClone()));
                }
            }
        }
    }

    private static IEnumerable<(string, JsonNode?)> WrongTypes(JsonNode? value) => value switch
    {
        JsonObject => [("string for object", "text"), ("array for object", new JsonArray(1, 2))],
        JsonArray => [("object for array", new JsonObject { ["a"] = 1 }), ("number for array", 7)],
        JsonValue v when v.TryGetValue<string>(out _) => [("number for string", 12345), ("object for string", new JsonObject()), ("bool for string", true)],
        JsonValue => [("string for number", "seven"), ("array for value", new JsonArray())],
        _ => [],
    };

    private static List<object[]> Paths(JsonNode? node, object[]? prefix = null)
    {
        prefix ??= [];
        var paths = new List<object[]>();
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    object[] path = [.. prefix, key];
                    paths.Add(path);
                    paths.AddRange(Paths(child, path));
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    object[] path = [.. prefix, i];
                    paths.Add(path);
                    paths.AddRange(Paths(array[i], path));
                }

                break;
        }

        return paths;
    }

    private static JsonNode? Resolve(JsonNode? node, object[] path)
    {
        foreach (var step in path)
        {
            node = step is string key ? node![key] : node![(int)step];
        }

        return node;
    }

    private static JsonObject With(JsonObject original, object[] path, Func<JsonNode?, JsonNode?> replace)
    {
        var copy = original.DeepClone().AsObject();
        var parent = Resolve(copy, path[..^1])!;
        if (path[^1] is string key)
        {
            parent[key] = replace(parent[key]);
        }
        else
        {
            parent[(int)path[^1]] = replace(parent[(int)path[^1]]);
        }

        return copy;
    }

    private static JsonObject Drop(JsonObject original, object[] path)
    {
        var copy = original.DeepClone().AsObject();
        ((JsonObject)Resolve(copy, path[..^1])!).Remove((string)path[^1]);
        return copy;
    }

    private static string Describe(object[] path) => string.Join(".", path.Select(p => p is int i ? $"[{i}]" : p));
}
