using IvrApi.Tests.TestSupport;

namespace IvrApi.Tests.Admin;

/// <summary>Per-language names and messages written through the admin API on the embedded provider: stored, read back in the same shape, and matched at once.</summary>
public sealed class EmbeddedLanguageAdminTests
{
    [Fact]
    public async Task Spanish_names_and_messages_are_stored_and_read_back_in_the_documented_shape()
    {
        using var app = new IvrApiFactory().WithLocalAdmin();
        using var client = app.CreateClient();

        var put = await AdminApi.PutAsync(client, "/departments/geology", """
            { "service": "voiceConnector", "number": "600500", "synonyms": ["earth science"],
              "names": { "es": { "name": " Geología ", "synonyms": ["Ciencias de la Tierra", "rocas"] } },
              "hours": { "time_zone": "America/New_York", "weekly": "Mon-Fri 09:00-17:00",
                         "after_hours": "message",
                         "after_hours_message": { "en": "Please call back tomorrow.", "es": "Por favor, llame mañana." },
                         "closed_message": { "es": "Geología está cerrado." } } }
            """);

        put.Status.Should().Be(201);
        var got = (await AdminApi.GetAsync(client, "/departments/geology")).Body;
        got.GetProperty("names").GetProperty("es").GetProperty("name").GetString().Should().Be("geología");
        got.GetProperty("names").GetProperty("es").GetProperty("synonyms").EnumerateArray().Select(s => s.GetString())
            .Should().Equal("ciencias de la tierra", "rocas");
        var hours = got.GetProperty("hours");
        hours.GetProperty("after_hours").GetString().Should().Be("message");
        hours.GetProperty("after_hours_message").GetProperty("es").GetString().Should().Be("Por favor, llame mañana.");
        hours.GetProperty("after_hours_message").GetProperty("en").GetString().Should().Be("Please call back tomorrow.");
        hours.GetProperty("closed_message").GetProperty("es").GetString().Should().Be("Geología está cerrado.");
        hours.GetProperty("closed_message").TryGetProperty("en", out _).Should().BeFalse();
    }

    [Fact]
    public async Task The_single_string_forms_stay_single_strings()
    {
        using var app = new IvrApiFactory().WithLocalAdmin();
        using var client = app.CreateClient();

        (await AdminApi.PutAsync(client, "/departments/geology", """
            { "service": "voiceConnector", "number": "600500",
              "hours": { "time_zone": "America/New_York", "weekly": "Mon-Fri 09:00-17:00", "after_hours": "message:Goodbye.", "closed_message": "Closed." } }
            """)).Status.Should().Be(201);
        (await AdminApi.PutAsync(client, "/rules/nuisance", """{ "caller_number": "+15555550100", "action": "block", "message": "Goodbye." }""")).Status.Should().Be(201);

        var hours = (await AdminApi.GetAsync(client, "/departments/geology")).Body.GetProperty("hours");
        hours.GetProperty("after_hours").GetString().Should().Be("message:Goodbye.");
        hours.TryGetProperty("after_hours_message", out _).Should().BeFalse();
        hours.GetProperty("closed_message").GetString().Should().Be("Closed.");
        (await AdminApi.GetAsync(client, "/rules/nuisance")).Body.GetProperty("message").GetString().Should().Be("Goodbye.");
    }

    [Fact]
    public async Task A_rule_message_per_language_is_stored_as_an_object()
    {
        using var app = new IvrApiFactory().WithLocalAdmin();
        using var client = app.CreateClient();

        var put = await AdminApi.PutAsync(client, "/rules/nuisance", """{ "caller_number": "+15555550100", "action": "block", "message": { "en": "Goodbye.", "es": "Adiós." } }""");

        put.Status.Should().Be(201);
        var message = (await AdminApi.GetAsync(client, "/rules/nuisance")).Body.GetProperty("message");
        message.GetProperty("en").GetString().Should().Be("Goodbye.");
        message.GetProperty("es").GetString().Should().Be("Adiós.");
    }

    [Fact]
    public async Task The_shipped_seed_has_a_Spanish_name_for_every_department()
    {
        using var app = new IvrApiFactory().WithLocalAdmin();
        using var client = app.CreateClient();

        var list = (await AdminApi.GetAsync(client, "/departments")).Body.EnumerateArray()
            .Select(d => (Name: d.GetProperty("department_name").GetString(), Spanish: d.GetProperty("names").GetProperty("es").GetProperty("name").GetString()));

        list.Should().Equal(("science", "ciencias"), ("art", "arte"), ("history", "historia"), ("math", "matemáticas"));
    }
}
