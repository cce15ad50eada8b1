using IvrApi.Tests.TestSupport;

namespace IvrApi.Tests.Admin;

/// <summary>Every kind of invalid write is refused with an RFC 7807 answer that names the field, and changes nothing.</summary>
public sealed class AdminValidationTests(LocalAdminFactory app) : IClassFixture<LocalAdminFactory>
{
    private static readonly string TooManySynonyms = string.Join(", ", Enumerable.Range(1, 21).Select(i => $"\"rock {i}\""));

    private const string OpenHours = "\"time_zone\": \"Europe/London\", \"weekly\": \"Mon-Fri 09:00-17:00\", \"holidays\": []";

    public static TheoryData<string, string, string, string> InvalidWrites => new()
    {
        { "/departments/geology", """{ "service": "pstnNumber", "number": "5555550199" }""", "number", "must be E.164" },
        { "/departments/geology", """{ "service": "pstnNumber", "number": "+1555CALLNOW" }""", "number", "must be E.164" },
        { "/departments/geology", """{ "service": "voiceConnector", "number": "600 500" }""", "number", "1-30 characters" },
        { "/departments/geology", """{ "service": "voiceConnector", "number": "600@pbx" }""", "number", "1-30 characters" },
        { "/departments/geology", """{ "service": "voiceConnector", "number": "6005006005006005006005006005001" }""", "number", "1-30 characters" },
        { "/departments/geology", """{ "service": "fax", "number": "600500" }""", "service", "must be 'voiceConnector' or 'pstnNumber'" },
        { "/departments/geology", """{ "number": "600500" }""", "service", "must be 'voiceConnector' or 'pstnNumber'" },
        { "/departments/geology", """{ "department_name": "art", "service": "voiceConnector", "number": "600500" }""", "department_name", "differs from the name in the path" },
        { "/departments/geo$logy", """{ "service": "voiceConnector", "number": "600500" }""", "department_name", "must be 2-32 lower-case letters" },
        { "/departments/geology", """{ "service": "voiceConnector", "number": "600500", "synonyms": ["History"] }""", "synonyms", "'history' already names department 'history'" },
        { "/departments/geology", """{ "service": "voiceConnector", "number": "600500", "hours": { "time_zone": "Europe/London", "weekly": "Mon-Fri 9-17", "after_hours": "message:Closed." } }""", "hours.weekly", "must look like 'Mon-Fri 09:00-17:00'" },
        { "/departments/geology", """{ "service": "voiceConnector", "number": "600500", "hours": { "time_zone": "Europe/London", "weekly": "Mon-Fri 17:00-09:00", "after_hours": "message:Closed." } }""", "hours.weekly", "open before close" },
        { "/departments/geology", """{ "service": "voiceConnector", "number": "600500", "hours": { "time_zone": "Mars/Olympus_Mons", "weekly": "Mon-Fri 09:00-17:00", "after_hours": "message:Closed." } }""", "hours.time_zone", "not a known IANA time zone" },
        { "/departments/geology", """{ "service": "voiceConnector", "number": "600500", "hours": { "time_zone": "Europe/London", "weekly": "Mon-Fri 09:00-17:00", "holidays": ["25/12/2030"], "after_hours": "message:Closed." } }""", "hours.holidays", "must be yyyy-MM-dd" },
        { "/departments/geology", $$"""{ "service": "voiceConnector", "number": "600500", "hours": { {{OpenHours}}, "after_hours": "voicemail" } }""", "hours.after_hours", "must be department:NAME, pstn:+E164 or message:TEXT" },
        { "/departments/geology", $$"""{ "service": "voiceConnector", "number": "600500", "hours": { {{OpenHours}}, "after_hours": "pstn:0800123" } }""", "hours.after_hours", "must be department:NAME, pstn:+E164 or message:TEXT" },
        { "/departments/geology", $$"""{ "service": "voiceConnector", "number": "600500", "hours": { {{OpenHours}}, "after_hours": "department:astronomy" } }""", "hours.after_hours", "names department 'astronomy', which does not exist" },
        { "/departments/geology", $$"""{ "service": "voiceConnector", "number": "600500", "hours": { {{OpenHours}}, "after_hours": "department:Geology" } }""", "hours.after_hours", "must name another department" },
        // The toll-fraud guard: premium-rate and other countries' numbers, for a department and after hours.
        { "/departments/geology", """{ "service": "pstnNumber", "number": "+19005550100" }""", "number", "not an allowed PSTN destination" },
        { "/departments/geology", """{ "service": "pstnNumber", "number": "+19765550100" }""", "number", "premium-rate" },
        { "/departments/geology", """{ "service": "pstnNumber", "number": "+442079460000" }""", "number", "must start with +1" },
        { "/departments/geology", $$"""{ "service": "voiceConnector", "number": "600500", "hours": { {{OpenHours}}, "after_hours": "pstn:+19005550100" } }""", "hours.after_hours", "not an allowed PSTN destination" },
        { "/departments/geology", $$"""{ "service": "voiceConnector", "number": "600500", "hours": { {{OpenHours}}, "after_hours": "pstn:+882355550100" } }""", "hours.after_hours", "not an allowed PSTN destination" },
        // Bounds: what callers hear and what the bot must tell apart.
        { "/departments/geology", $$"""{ "service": "voiceConnector", "number": "600500", "synonyms": [{{TooManySynonyms}}] }""", "synonyms", "at most 20" },
        { "/departments/geology", $$"""{ "service": "voiceConnector", "number": "600500", "synonyms": ["{{new string('r', 65)}}"] }""", "synonyms", "each at most 64 characters" },
        { "/departments/geology", $$"""{ "service": "voiceConnector", "number": "600500", "hours": { {{OpenHours}}, "after_hours": "message:Goodbye.", "closed_message": "{{new string('c', 251)}}" } }""", "hours.closed_message", "at most 250 characters" },
        { "/departments/geology", $$"""{ "service": "voiceConnector", "number": "600500", "hours": { {{OpenHours}}, "after_hours": "message:{{new string('m', 501)}}" } }""", "hours.after_hours", "at most 500 characters" },
        // The queue's longest wait: the PBX's range, a whole number of seconds.
        { "/departments/geology", """{ "service": "voiceConnector", "number": "600500", "max_wait_seconds": 29 }""", "max_wait_seconds", "must be 30 to 3600" },
        { "/departments/geology", """{ "service": "voiceConnector", "number": "600500", "max_wait_seconds": 3601 }""", "max_wait_seconds", "must be 30 to 3600" },
        { "/departments/geology", """{ "service": "voiceConnector", "number": "600500", "max_wait_seconds": "300" }""", "max_wait_seconds", "must be a whole number" },
        { "/departments/geology", """{ "service": "voiceConnector", "number": "600500", "max_wait_seconds": 90.5 }""", "max_wait_seconds", "must be a whole number" },
        // Each rule field is named by the rule that refuses it, not guessed from the message's words.
        { "/rules/vip", """{ "caller_number": "5555550100", "action": "block", "message": "No." }""", "caller_number", "caller_number must be E.164" },
        { "/rules/vip", """{ "called_number": "0800", "action": "block", "message": "No." }""", "called_number", "called_number must be E.164" },
        { "/rules/vip", """{ "action": "route", "department": "history" }""", "caller_prefix", "needs at least one condition" },
        { "/rules/vip", """{ "caller_prefix": "44", "action": "route", "department": "history" }""", "caller_prefix", "caller_prefix must be '+'" },
        { "/rules/vip", """{ "caller_prefix": "+44", "action": "route", "department": "geology" }""", "department", "names department 'geology', which does not exist" },
        { "/rules/vip", """{ "caller_prefix": "+44", "action": "route" }""", "department", "needs a department" },
        { "/rules/vip", """{ "caller_number": "+15555550100", "action": "block" }""", "message", "block needs a message" },
        { "/rules/vip", """{ "caller_number": "+15555550100", "action": "transfer", "department": "history" }""", "action", "must be route, block or prefer" },
        { "/rules/vip", """{ "rule_id": "other", "caller_number": "+15555550100", "action": "route", "department": "history" }""", "rule_id", "differs from the id in the path" },
        { "/rules/v.i.p", """{ "caller_number": "+15555550100", "action": "route", "department": "history" }""", "rule_id", "must be 1-64 letters, digits, '-' or '_'" },
    };

    [Theory]
    [MemberData(nameof(InvalidWrites))]
    public async Task An_invalid_write_is_a_validation_problem_naming_the_field(string path, string body, string field, string message)
    {
        using var client = app.CreateClient();

        var answer = await AdminApi.PutAsync(client, path, body);

        answer.Status.Should().Be(400);
        answer.ContentType.Should().Be("application/problem+json");
        answer.Body.GetProperty("status").GetInt32().Should().Be(400);
        var errors = answer.Body.GetProperty("errors").EnumerateObject().ToArray();
        errors.Select(e => e.Name).Should().Equal(field);
        errors[0].Value[0].GetString().Should().Contain(message);
    }

    [Theory]
    [InlineData("/departments/geology", "service=voiceConnector&number=600500")]
    [InlineData("/departments/geology", "<department name='geology'/>")]
    [InlineData("/departments/geology", """[{ "service": "voiceConnector", "number": "600500" }]""")]
    [InlineData("/departments/geology", "null")]
    [InlineData("/departments/geology", "")]
    [InlineData("/rules/vip", """{ "caller_number": "+15555550100", "action": "route", "department": "history" """)]
    public async Task A_body_that_is_not_a_JSON_object_of_the_right_shape_is_a_problem(string path, string body)
    {
        using var client = app.CreateClient();

        var answer = await AdminApi.PutAsync(client, path, body);

        answer.Status.Should().Be(400);
        answer.ContentType.Should().Be("application/problem+json");
        answer.Body.GetProperty("title").GetString().Should().Be("The body is not a readable JSON object");
        answer.Body.GetProperty("detail").GetString().Should().NotBeNullOrWhiteSpace();
    }

    [Theory]
    [InlineData("/departments/geology")]
    [InlineData("/rules/vip")]
    public async Task A_body_that_is_not_declared_JSON_is_an_unsupported_media_type_problem(string path)
    {
        using var client = app.CreateClient();

        var answer = await AdminApi.PutAsync(client, path, "service=voiceConnector&number=600500", "application/x-www-form-urlencoded");

        answer.Status.Should().Be(415);
        answer.ContentType.Should().Be("application/problem+json");
        answer.Body.GetProperty("detail").GetString().Should().Contain("'application/x-www-form-urlencoded'")
            .And.Contain("-H 'Content-Type: application/json'", "curl's -d alone is the usual cause");
    }

    [Fact]
    public async Task A_body_with_no_content_type_at_all_is_explained_too()
    {
        using var client = app.CreateClient();
        using var content = new ByteArrayContent("""{ "service": "voiceConnector", "number": "600500" }"""u8.ToArray());

        using var response = await client.PutAsync(new Uri("/departments/geology", UriKind.Relative), content);

        ((int)response.StatusCode).Should().Be(415);
        (await response.Content.ReadAsStringAsync()).Should().Contain("Content-Type is none");
    }

    public static TheoryData<string, string, string[], string> ShapeProblems => new()
    {
        // An unknown field is refused by name: a PUT replaces the record, so a dropped "synonym" would erase the synonyms.
        { "/departments/history", """{ "service": "voiceConnector", "number": "600300", "synonym": ["past"] }""", ["synonym"], "did you mean 'synonyms'?" },
        { "/departments/geology", """{ "service": "voiceConnector", "number": "600500", "hours": { "time_zone": "Europe/London", "after_hours": "message:Closed.", "closed": "x" } }""", ["hours.closed"], "not a field of opening hours" },
        { "/rules/vip", """{ "caller_number": "+15555550100", "action": "route", "departmnet": "history" }""", ["departmnet"], "did you mean 'department'?" },
        // Types are judged alike for every field: a number where a string belongs and a string where a number belongs.
        { "/departments/geology", """{ "service": "voiceConnector", "number": 600500 }""", ["number"], "number must be a string, not the number 600500" },
        { "/rules/vip", """{ "order": "30", "caller_number": "+15555550100", "action": "route", "department": "history" }""", ["order"], "order must be a whole number, not the string \"30\"" },
        { "/rules/vip", """{ "order": 2.5, "caller_number": "+15555550100", "action": "route", "department": "history" }""", ["order"], "order must be a whole number" },
        { "/departments/geology", """{ "service": "voiceConnector", "number": "600500", "position": "1" }""", ["position"], "position must be a whole number" },
        { "/departments/geology", """{ "service": "voiceConnector", "number": "600500", "synonyms": "rocks" }""", ["synonyms"], "synonyms must be an array of strings" },
        { "/departments/geology", """{ "service": "voiceConnector", "number": "600500", "synonyms": ["rocks", 3] }""", ["synonyms"], "an array with a value that is not a string" },
        { "/departments/geology", """{ "service": "voiceConnector", "number": "600500", "hours": "Mon-Fri" }""", ["hours"], "hours must be an object" },
        { "/rules/vip", """{ "caller_number": true, "action": "block", "message": "No." }""", ["caller_number"], "caller_number must be a string, not true" },
        // Missing fields are named as missing, every one at once.
        { "/departments/geology", "{}", ["service", "number"], "is missing" },
        { "/departments/geology", """{ "service": "voiceConnector", "number": "600500", "hours": { "weekly": "Mon-Fri 09:00-17:00" } }""", ["hours.time_zone", "hours.after_hours"], "is missing" },
        { "/rules/vip", "{}", ["action"], "action is missing; it must be route, block or prefer" },
        // Every bad field at once, whatever is wrong with each.
        { "/departments/geology", """{ "number": 600500, "synonym": [], "hours": { "time_zone": 1 } }""", ["synonym", "service", "number", "hours.time_zone", "hours.after_hours"], "" },
    };

    [Theory]
    [MemberData(nameof(ShapeProblems))]
    public async Task Unknown_missing_and_wrongly_typed_fields_are_all_named(string path, string body, string[] fields, string message)
    {
        using var client = app.CreateClient();

        var answer = await AdminApi.PutAsync(client, path, body);

        answer.Status.Should().Be(400);
        answer.Body.GetProperty("title").GetString().Should().Be("The request is not valid");
        var errors = answer.Body.GetProperty("errors").EnumerateObject().ToArray();
        errors.Select(e => e.Name).Should().BeEquivalentTo(fields);
        errors.Should().OnlyContain(e => e.Value[0].GetString()!.Contains(message, StringComparison.Ordinal));
        (await AdminApi.GetAsync(client, "/departments/history")).Body.GetProperty("number").GetString().Should().Be("600300", "a refused write changes nothing");
    }

    [Fact]
    public async Task A_departments_own_fields_and_its_hours_are_judged_together()
    {
        using var client = app.CreateClient();

        var answer = await AdminApi.PutAsync(client, "/departments/geology",
            """{ "service": "fax", "number": "600500", "hours": { "time_zone": "Mars/Olympus_Mons", "after_hours": "message:Closed." } }""");

        answer.Status.Should().Be(400);
        answer.Body.GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().BeEquivalentTo("service", "hours.time_zone");
    }

    [Fact]
    public async Task A_parse_error_counts_lines_and_bytes_from_1()
    {
        using var client = app.CreateClient();

        var answer = await AdminApi.PutAsync(client, "/departments/geology", "{ \"service\": \"voiceConnector\",\n  \"number\": }");

        answer.Status.Should().Be(400);
        answer.Body.GetProperty("detail").GetString().Should().Contain("line 2, byte 13");
    }

    [Fact]
    public async Task Refused_writes_change_nothing()
    {
        using var client = app.CreateClient();

        await AdminApi.PutAsync(client, "/departments/history", """{ "service": "pstnNumber", "number": "600300" }""");
        await AdminApi.PutAsync(client, "/rules/vip", """{ "caller_prefix": "+1", "action": "route", "department": "geology" }""");

        AdminApi.Names((await AdminApi.GetAsync(client, "/departments")).Body).Should().Equal("science", "art", "history", "math");
        (await AdminApi.GetAsync(client, "/departments/history")).Body.GetProperty("service").GetString().Should().Be("voiceConnector");
        (await AdminApi.GetAsync(client, "/rules")).Body.GetArrayLength().Should().Be(0);
    }
}
