using System.Text.Json;
using System.Text.RegularExpressions;

namespace IvrApi.Http;

/// <summary>
/// Tolerant reads from untrusted event JSON: a missing, null or wrongly typed field reads as null instead of throwing,
/// so a damaged event still gets a valid answer. JSON may escape half a UTF-16 surrogate pair ("\ud800"), which no
/// string can hold: such a half reads as U+FFFD, and a property name holding one matches no name we look for.
/// </summary>
internal static partial class JsonElementExtensions
{
    public static JsonElement? Get(this JsonElement? element, string name)
    {
        if (element is not { ValueKind: JsonValueKind.Object } obj)
        {
            return null;
        }

        if (TryGetExact(obj, name, out var value))
        {
            return value;
        }

        // AWS examples are not consistent about case; accept any.
        foreach (var property in obj.EnumerateObject())
        {
            if (string.Equals(Name(property), name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }

    public static JsonElement? Get(this JsonElement element, string name) => ((JsonElement?)element).Get(name);

    /// <summary>Whether an object has a property of exactly this name.</summary>
    public static bool Has(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && TryGetExact(element, name, out _);

    public static string? String(this JsonElement? element) =>
        element is { ValueKind: JsonValueKind.String } value ? Text(value) : null;

    /// <summary>The first string of an array, or null.</summary>
    public static string? FirstString(this JsonElement? element)
    {
        if (element is { ValueKind: JsonValueKind.Array } array)
        {
            foreach (var item in array.EnumerateArray())
            {
                return item.ValueKind == JsonValueKind.String ? Text(item) : null;
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
                if (Name(property) is not { } key)
                {
                    continue;
                }

                switch (value.ValueKind)
                {
                    case JsonValueKind.String:
                        map[key] = Text(value);
                        break;
                    case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                        map[key] = value.GetRawText();
                        break;
                }
            }
        }

        return map;
    }

    /// <summary>A string value; lone surrogate halves become U+FFFD.</summary>
    private static string Text(JsonElement value)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            var repaired = LoneSurrogate().Replace(value.GetRawText(), m => m.Length == 12 ? m.Value : "\\uFFFD");
            using var document = JsonDocument.Parse(repaired);
            return document.RootElement.GetString()!;
        }
    }

    private static bool TryGetExact(JsonElement obj, string name, out JsonElement value)
    {
        try
        {
            return obj.TryGetProperty(name, out value);
        }
        catch (InvalidOperationException)
        {
            // An escaped name on the way holds a lone surrogate half: compare the names one by one instead.
            foreach (var property in obj.EnumerateObject())
            {
                if (Name(property) == name)
                {
                    value = property.Value;
                    return true;
                }
            }

            value = default;
            return false;
        }
    }

    /// <summary>A property's name, or null when it holds a lone surrogate half.</summary>
    private static string? Name(JsonProperty property)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    // A \u escape of a surrogate half, not itself escaped (an even number of backslashes before it); a high half
    // followed by a low half is a valid pair and matches as one 12-character escape.
    [GeneratedRegex(@"(?<=(?<!\\)(?:\\\\)*)\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|(?<=(?<!\\)(?:\\\\)*)\\u[dD][89a-fA-F][0-9a-fA-F]{2}")]
    private static partial Regex LoneSurrogate();
}
