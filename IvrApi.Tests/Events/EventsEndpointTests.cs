using IvrApi.Tests.TestSupport;

namespace IvrApi.Tests.Events;

/// <summary>POST /events is what the Lambda Web Adapter sends: raw events recognised by their shape.</summary>
public sealed class EventsEndpointTests(IvrApiFactory app) : IClassFixture<IvrApiFactory>
{
    public static TheoryData<string> SmaFixtures() => new(Fixtures.SmaNames());

    [Theory]
    [MemberData(nameof(SmaFixtures))]
    public async Task An_sma_event_is_answered_exactly_as_on_sma(string fixture)
    {
        var call = Fixtures.Sma(fixture);
        var client = app.CreateClient();

        var (smaStatus, viaSma) = await Fixtures.PostAsync(client, "/sma", call);
        var (eventsStatus, viaEvents) = await Fixtures.PostAsync(client, "/events", call);

        smaStatus.Should().Be(200);
        eventsStatus.Should().Be(200);
        viaEvents.GetRawText().Should().Be(viaSma.GetRawText());
    }

    [Theory]
    [InlineData("{\"hello\": \"world\"}")]
    [InlineData("{}")]
    public async Task An_event_of_neither_shape_gets_a_problem_response(string body)
    {
        var (status, problem) = await Fixtures.PostAsync(app.CreateClient(), "/events", body);

        status.Should().Be(400);
        problem.GetProperty("title").GetString().Should().Be("Unrecognised event");
    }

    [Fact]
    public async Task Health_reports_ready_with_the_directory()
    {
        using var client = app.CreateClient();
        var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        ((int)response.StatusCode).Should().Be(200);
        body.Should().Be("{\"status\":\"ok\",\"directory\":\"ok\",\"departments\":4}");
    }

    [Fact]
    public async Task The_openapi_document_describes_every_endpoint()
    {
        using var client = app.CreateClient();
        var document = await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));

        document.Should().Contain("\"/sma\"").And.Contain("\"/lex-hook\"").And.Contain("\"/events\"").And.Contain("\"/healthz\"");
    }
}
