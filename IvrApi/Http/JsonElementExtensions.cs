using System.Text.Json;

namespace IvrApi.Http;

/// <summary>
/// Tolerant reads from untrusted event JSON: a missing, null or wrongly typed field reads as null instead of throwing,
/// so a damaged event still gets a valid answer.
/// </summary>
internal static class JsonElementExtensions
{
    public static JsonElement? Get(this JsonElement? element, string name)
    {
        if (element is not { ValueKind: JsonValueKind.Object } obj)
        {
            return null;
        }

        if (obj.TryGetProperty(name, out var value))
        {
            return value;
        }

        // AWS examples are not consistent about case; accept any.
        foreach (var property in obj.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }

    public static JsonElement? Get(this JsonElement element, string name) => ((JsonElement?)element).Get(name);

    public static string? String(this JsonElement? element) =>
        element is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    /// <summary>The first string of an array, or null.</summary>
    public static string? FirstString(this JsonElement? element)
    {
        if (element is { ValueKind: JsonValueKind.Array } array)
        {
            foreach (var item in array.EnumerateArray())
            {
                return item.ValueKind == JsonValueKind.String ? item.GetString() : null;
            }
        }

        return null;
    }

    public static IEnumerable<JsonElement> Items(this JsonElement? element) =>
        element is { ValueKind: JsonValueKind.Array } array ? array.EnumerateArray() : [];

    /// <summary>
    /// A string-to-string map. Numbers and booleans keep their JSON text (the AWS sample stored numbers where strings
    /// belong); objects, arrays and nulls are dropped.
    /// </summary>
    public static Dictionary<string, string> StringMap(this JsonElement? element)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (element is { ValueKind: JsonValueKind.Object } obj)
        {
            foreach (var property in obj.EnumerateObject())
            {
                var value = property.Value;
                switch (value.ValueKind)
                {
                    case JsonValueKind.String:
                        map[property.Name] = value.GetString()!;
                        break;
                    case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                        map[property.Name] = value.GetRawText();
                        break;
                }
            }
        }

        return map;
    }
}
