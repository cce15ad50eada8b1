using System.Text.Json;
using IvrApi.Routing;
using IvrApi.Routing.Matching;

namespace IvrApi.Admin;

/// <summary>
/// The shape of an admin request body, judged before its values and the same way for every field: each unknown,
/// missing or wrongly typed field is reported at once, by name. An unknown field is refused rather than dropped: a
/// PUT replaces the whole record, so a misspelt <c>synonym</c> would silently erase the synonyms.
/// </summary>
internal sealed record AdminBody(string Noun, IReadOnlyList<AdminBody.Field> Fields)
{
    public static readonly AdminBody Hours = new("opening hours", [
        new("time_zone", Kind.String, Required: true, Expected: "an IANA time zone such as 'Europe/London'"),
        new("weekly", Kind.String, Expected: "like 'Mon-Fri 09:00-17:00, Sat 10:00-14:00'"),
        new("holidays", Kind.StringArray, Expected: "dates like '2030-12-25'"),
        new("after_hours", Kind.String, Required: true, Expected: "department:NAME, pstn:+E164, message:TEXT, or message with after_hours_message"),
        new("after_hours_message", Kind.Text),
        new("closed_message", Kind.Text),
    ]);

    /// <summary>A department's words in one language other than English, under <c>names.&lt;code&gt;</c>.</summary>
    public static readonly AdminBody Names = new("a language's names", [
        new("name", Kind.String, Required: true, Expected: "the department's spoken name in that language, e.g. 'historia'"),
        new("synonyms", Kind.StringArray),
    ]);

    public static readonly AdminBody Department = new("a department", [
        new("department_name", Kind.String),
        new("service", Kind.String, Required: true, Expected: "'voiceConnector' or 'pstnNumber'"),
        new("number", Kind.String, Required: true, Expected: "the Voice Connector number (e.g. '600300') or an E.164 number"),
        new("synonyms", Kind.StringArray),
        new("names", Kind.PerLanguage, Shape: Names),
        new("position", Kind.Integer),
        new("hours", Kind.Object, Shape: Hours),
        new("max_wait_seconds", Kind.Integer),
    ]);

    public static readonly AdminBody Rule = new("a caller rule", [
        new("rule_id", Kind.String),
        new("order", Kind.Integer),
        new("caller_prefix", Kind.String),
        new("caller_number", Kind.String),
        new("called_number", Kind.String),
        new("action", Kind.String, Required: true, Expected: "route, block or prefer"),
        new("department", Kind.String),
        new("message", Kind.Text),
    ]);

    public static readonly AdminBody Agent = new("an agent", [
        new("agent_id", Kind.String),
        new("display_name", Kind.String, Required: true, Expected: "the agent's name as colleagues see it, e.g. 'Alice Smith'"),
        new("departments", Kind.StringArray, Required: true, Expected: "the names of the departments the agent answers, e.g. [\"history\"]"),
        new("languages", Kind.StringArray),
    ]);

    public enum Kind
    {
        String,
        Integer,
        StringArray,
        Object,

        /// <summary>Words for callers: a string (English), or an object of strings by language code.</summary>
        Text,

        /// <summary>An object by language code, each value an object of <see cref="Field.Shape"/>.</summary>
        PerLanguage,
    }

    /// <param name="Expected">What a value must be, said when it is missing.</param>
    public sealed record Field(string Name, Kind Kind, bool Required = false, string? Expected = null, AdminBody? Shape = null);

    /// <summary>Every shape problem of <paramref name="body"/> (a JSON object), each under its field's stored name.</summary>
    public IReadOnlyList<FieldError> Problems(JsonElement body, string prefix = "")
    {
        var problems = new List<FieldError>();
        foreach (var property in body.EnumerateObject())
        {
            if (Fields.All(f => f.Name != property.Name))
            {
                var close = Fields.Select(f => f.Name).FirstOrDefault(n => Close(n, property.Name));
                problems.Add(new(prefix + property.Name, $"'{prefix}{property.Name}' is not a field of {Noun}"
                    + (close is null ? $" (fields: {string.Join(", ", Fields.Select(f => f.Name))})" : $"; did you mean '{prefix}{close}'?")));
            }
        }

        foreach (var field in Fields)
        {
            var name = prefix + field.Name;
            if (!body.TryGetProperty(field.Name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                if (field.Required)
                {
                    problems.Add(new(name, $"{name} is missing" + (field.Expected is null ? "" : $"; it must be {field.Expected}")));
                }

                continue;
            }

            var problem = field.Kind switch
            {
                Kind.String when value.ValueKind != JsonValueKind.String => "a string",
                Kind.Integer when !(value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out _)) => "a whole number",
                Kind.StringArray when value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String) => "an array of strings",
                Kind.Object or Kind.PerLanguage when value.ValueKind != JsonValueKind.Object => "an object",
                Kind.Text when !(value.ValueKind == JsonValueKind.String
                    || (value.ValueKind == JsonValueKind.Object && value.EnumerateObject().All(t => t.Value.ValueKind == JsonValueKind.String)))
                    => "a string, or an object of strings by language (\"en\", \"es\")",
                _ => null,
            };
            if (problem is not null)
            {
                problems.Add(new(name, $"{name} must be {problem}, not {Describe(value)}"));
            }
            else if (field.Kind == Kind.PerLanguage)
            {
                foreach (var language in value.EnumerateObject())
                {
                    problems.AddRange(language.Value.ValueKind == JsonValueKind.Object
                        ? field.Shape!.Problems(language.Value, $"{name}.{language.Name}.")
                        : [new($"{name}.{language.Name}", $"{name}.{language.Name} must be an object, not {Describe(language.Value)}")]);
                }
            }
            else if (field.Shape is { } shape)
            {
                problems.AddRange(shape.Problems(value, name + "."));
            }
        }

        return problems;
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string {Shorten(value.GetRawText())}",
        JsonValueKind.Number => $"the number {Shorten(value.GetRawText())}",
        JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        JsonValueKind.Array => "an array" + (value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String) ? " with a value that is not a string" : ""),
        JsonValueKind.Object => "an object",
        _ => value.ValueKind.ToString(),
    };

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    /// <summary>A misspelling: the same ignoring case, or at most two letters inserted, removed or changed.</summary>
    private static bool Close(string known, string given)
    {
        if (string.Equals(known, given, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        // The matcher's edit distance (adjacent transpositions count once), capped at two.
        return given.Length >= 3 && SpokenWords.Distance(known.ToLowerInvariant(), given.ToLowerInvariant(), 2) <= 2;
    }
}
