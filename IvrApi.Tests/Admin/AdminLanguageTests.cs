using IvrApi.Tests.TestSupport;

namespace IvrApi.Tests.Admin;

/// <summary>
/// Names and messages per language through the admin API: validated like the English ones, with the same caps, and
/// collisions judged per language the way that language's callers are matched (the seed's Spanish names are ciencias,
/// arte, historia, matemáticas).
/// </summary>
public sealed class AdminLanguageTests(LocalAdminFactory app) : IClassFixture<LocalAdminFactory>
{
    private const string Geology = "\"service\": \"voiceConnector\", \"number\": \"600500\"";

    private const string OpenHours = "\"time_zone\": \"Europe/London\", \"weekly\": \"Mon-Fri 09:00-17:00\"";

    private static readonly string TooManySynonyms = string.Join(", ", Enumerable.Range(1, 21).Select(i => $"\"roca {i}\""));

    public static TheoryData<string, string, string, string> InvalidWrites => new()
    {
        // The same caps as the English words: the spoken name as long as a name, synonyms as many and as long.
        { "/departments/geology", $$"""{ {{Geology}}, "names": { "es": { "name": "{{new string('g', 33)}}" } } }""", "names.es.name", "1-32 letters" },
        { "/departments/geology", $$"""{ {{Geology}}, "names": { "es": { "name": "geología", "synonyms": [{{TooManySynonyms}}] } } }""", "names.es.synonyms", "at most 20" },
        { "/departments/geology", $$"""{ {{Geology}}, "names": { "es": { "name": "geología", "synonyms": ["{{new string('r', 65)}}"] } } }""", "names.es.synonyms", "each at most 64 characters" },
        { "/departments/geology", $$"""{ {{Geology}}, "names": { "es": { "name": "¿geología?" } } }""", "names.es.name", "letters (accents allowed)" },
        { "/departments/geology", $$"""{ {{Geology}}, "names": { "es": { "name": "geología", "synonyms": ["rocas!"] } } }""", "names.es.synonyms", "synonym 'rocas!'" },
        // English words have one place: department_name and synonyms. Unknown languages are named.
        { "/departments/geology", $$"""{ {{Geology}}, "names": { "en": { "name": "geology" } } }""", "names", "English is department_name and synonyms" },
        { "/departments/geology", $$"""{ {{Geology}}, "names": { "fr": { "name": "géologie" } } }""", "names", "has 'fr'" },
        // Collisions per language: accents, case and plurals do not tell Spanish words apart, and a Spanish caller may
        // say another department's English name.
        { "/departments/geology", $$"""{ {{Geology}}, "names": { "es": { "name": "Historia" } } }""", "names.es.name", "'historia' already names department 'history' for Spanish callers" },
        { "/departments/geology", $$"""{ {{Geology}}, "names": { "es": { "name": "geología", "synonyms": ["história"] } } }""", "names.es.synonyms", "'história' is heard as 'historia', which already names department 'history' for Spanish callers" },
        { "/departments/geology", $$"""{ {{Geology}}, "names": { "es": { "name": "geología", "synonyms": ["artes"] } } }""", "names.es.synonyms", "is heard as 'arte'" },
        { "/departments/geology", $$"""{ {{Geology}}, "names": { "es": { "name": "math" } } }""", "names.es.name", "'math' already names department 'math' for Spanish callers" },
        { "/departments/geology", $$"""{ {{Geology}}, "synonyms": ["matematicas"] }""", "synonyms", "is heard as 'matemáticas', which already names department 'math' for Spanish callers" },
        // Messages per language: the same caps in each, and only known languages.
        { "/departments/geology", $$"""{ {{Geology}}, "hours": { {{OpenHours}}, "after_hours": "message:Adiós.", "closed_message": { "en": "Closed.", "es": "{{new string('c', 251)}}" } } }""", "hours.closed_message", "at most 250 characters" },
        { "/departments/geology", $$"""{ {{Geology}}, "hours": { {{OpenHours}}, "after_hours": "message:Bye.", "closed_message": { "de": "Geschlossen." } } }""", "hours.closed_message", "has a text in 'de'" },
        { "/departments/geology", $$"""{ {{Geology}}, "hours": { {{OpenHours}}, "after_hours": "message", "after_hours_message": { "es": "{{new string('m', 501)}}" } } }""", "hours.after_hours", "at most 500 characters" },
        { "/departments/geology", $$"""{ {{Geology}}, "hours": { {{OpenHours}}, "after_hours": "message" } }""", "hours.after_hours", "or message with after_hours_message" },
        { "/departments/geology", $$"""{ {{Geology}}, "hours": { {{OpenHours}}, "after_hours": "pstn:+15555550100", "after_hours_message": { "es": "Adiós." } } }""", "hours.after_hours_message", "goes with after_hours 'message' alone" },
        { "/rules/vip", """{ "caller_number": "+15555550100", "action": "block", "message": { "es": "" } }""", "message", "block needs a message" },
        { "/rules/vip", """{ "caller_number": "+15555550100", "action": "block", "message": { "pt": "Não." } }""", "message", "has a text in 'pt'" },
    };

    public static TheoryData<string, string, string[], string> ShapeProblems => new()
    {
        { "/departments/geology", $$"""{ {{Geology}}, "names": { "es": "geología" } }""", ["names.es"], "names.es must be an object, not the string" },
        { "/departments/geology", $$"""{ {{Geology}}, "names": { "es": { "synonyms": ["rocas"] } } }""", ["names.es.name"], "names.es.name is missing" },
        { "/departments/geology", $$"""{ {{Geology}}, "names": { "es": { "name": "geología", "sinonimos": [] } } }""", ["names.es.sinonimos"], "not a field of a language's names" },
        { "/departments/geology", $$"""{ {{Geology}}, "names": ["geología"] }""", ["names"], "names must be an object" },
        { "/departments/geology", $$"""{ {{Geology}}, "hours": { {{OpenHours}}, "after_hours": "message:x", "closed_message": { "es": 3 } } }""", ["hours.closed_message"], "a string, or an object of strings by language" },
        { "/rules/vip", """{ "caller_number": "+15555550100", "action": "block", "message": ["No."] }""", ["message"], "a string, or an object of strings by language" },
    };

    [Theory]
    [MemberData(nameof(InvalidWrites))]
    public async Task An_invalid_name_or_message_in_a_language_is_a_validation_problem_naming_the_field(string path, string body, string field, string message)
    {
        using var client = app.CreateClient();

        var answer = await AdminApi.PutAsync(client, path, body);

        answer.Status.Should().Be(400);
        var errors = answer.Body.GetProperty("errors").EnumerateObject().ToArray();
        errors.Select(e => e.Name).Should().Equal(field);
        errors[0].Value[0].GetString().Should().Contain(message);
        (await AdminApi.GetAsync(client, path)).Status.Should().Be(404, "a refused write changes nothing");
    }

    [Theory]
    [MemberData(nameof(ShapeProblems))]
    public async Task A_misshapen_language_field_is_named(string path, string body, string[] fields, string message)
    {
        using var client = app.CreateClient();

        var answer = await AdminApi.PutAsync(client, path, body);

        answer.Status.Should().Be(400);
        var errors = answer.Body.GetProperty("errors").EnumerateObject().ToArray();
        errors.Select(e => e.Name).Should().Equal(fields);
        errors[0].Value[0].GetString().Should().Contain(message);
    }
}
