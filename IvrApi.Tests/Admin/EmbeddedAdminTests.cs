using IvrApi.Tests.TestSupport;

namespace IvrApi.Tests.Admin;

/// <summary>Round trips on the embedded provider (the shipped departments.json): calls follow each write at once.</summary>
public sealed class EmbeddedAdminTests
{
    [Fact]
    public async Task A_new_department_is_listed_and_routes_at_once()
    {
        using var app = new IvrApiFactory().WithLocalAdmin();
        using var client = app.CreateClient();
        AdminApi.Uri(await AdminApi.BridgeAfterBotAsync(app, "geology")).Should().Be("000000", "the directory is now cached without it");

        var put = await AdminApi.PutAsync(client, "/departments/Geology", """{ "service": "voiceConnector", "number": "600500", "synonyms": ["Earth Science"] }""");

        put.Status.Should().Be(201);
        put.Location.Should().Be(new Uri("/departments/geology", UriKind.Relative));
        put.Body.GetProperty("department_name").GetString().Should().Be("geology");
        put.Body.GetProperty("synonyms")[0].GetString().Should().Be("earth science");
        var got = await AdminApi.GetAsync(client, "/departments/%20GEOLOGY%20");
        got.Status.Should().Be(200);
        got.Body.GetProperty("number").GetString().Should().Be("600500");
        AdminApi.Names((await AdminApi.GetAsync(client, "/departments")).Body).Should().Equal("science", "art", "history", "math", "geology");
        var bridge = await AdminApi.BridgeAfterBotAsync(app, "geology");
        AdminApi.Uri(bridge).Should().Be("600500");
        bridge.GetProperty("SipHeaders").GetProperty("X-LexInfo").GetString().Should().Be("geology");
        AdminApi.Uri(await AdminApi.BridgeAfterBotAsync(app, "earth science")).Should().Be("600500");
    }

    [Fact]
    public async Task Changing_a_department_to_pstnNumber_bridges_the_next_call_to_the_PSTN()
    {
        using var app = new IvrApiFactory().WithLocalAdmin();
        using var client = app.CreateClient();
        AdminApi.EndpointType(await AdminApi.BridgeAfterBotAsync(app, "history")).Should().Be("AWS");

        var put = await AdminApi.PutAsync(client, "/departments/history", """{ "department_name": "History", "service": "pstnNumber", "number": "+15555550199" }""");

        put.Status.Should().Be(200);
        put.Body.GetProperty("service").GetString().Should().Be("pstnNumber");
        (await AdminApi.GetAsync(client, "/departments/history")).Body.GetProperty("number").GetString().Should().Be("+15555550199");
        var bridge = await AdminApi.BridgeAfterBotAsync(app, "history");
        AdminApi.EndpointType(bridge).Should().Be("PSTN");
        AdminApi.Uri(bridge).Should().Be("+15555550199");
        AdminApi.Names((await AdminApi.GetAsync(client, "/departments")).Body).Should().Equal("science", "art", "history", "math");
    }

    [Fact]
    public async Task A_deleted_department_is_gone_and_its_callers_reach_the_operator()
    {
        using var app = new IvrApiFactory().WithLocalAdmin();
        using var client = app.CreateClient();
        AdminApi.Uri(await AdminApi.BridgeAfterBotAsync(app, "art")).Should().Be("600200");

        var deleted = await AdminApi.DeleteAsync(client, "/departments/Art");

        deleted.Status.Should().Be(204);
        var got = await AdminApi.GetAsync(client, "/departments/art");
        got.Status.Should().Be(404);
        got.ContentType.Should().Be("application/problem+json");
        got.Body.GetProperty("detail").GetString().Should().Contain("'art'");
        AdminApi.Uri(await AdminApi.BridgeAfterBotAsync(app, "art")).Should().Be("000000");
        (await AdminApi.DeleteAsync(client, "/departments/art")).Status.Should().Be(404);
    }

    [Fact]
    public async Task A_department_a_rule_or_after_hours_route_names_cannot_be_deleted()
    {
        using var app = new IvrApiFactory().WithLocalAdmin();
        using var client = app.CreateClient();
        (await AdminApi.PutAsync(client, "/rules/vip", """{ "caller_prefix": "+1555", "action": "prefer", "department": "art" }""")).Status.Should().Be(201);
        (await AdminApi.PutAsync(client, "/departments/geology", """
            { "service": "voiceConnector", "number": "600500",
              "hours": { "time_zone": "Europe/London", "weekly": "Mon-Fri 09:00-17:00", "holidays": ["2030-12-25"], "after_hours": "department:art" } }
            """)).Status.Should().Be(201);

        var refused = await AdminApi.DeleteAsync(client, "/departments/art");

        refused.Status.Should().Be(409);
        refused.ContentType.Should().Be("application/problem+json");
        refused.Body.GetProperty("detail").GetString().Should().Contain("rule 'vip'").And.Contain("the after-hours route of 'geology'");
        (await AdminApi.GetAsync(client, "/departments/art")).Status.Should().Be(200);
        (await AdminApi.DeleteAsync(client, "/rules/vip")).Status.Should().Be(204);
        (await AdminApi.DeleteAsync(client, "/departments/geology")).Status.Should().Be(204);
        (await AdminApi.DeleteAsync(client, "/departments/art")).Status.Should().Be(204);
    }

    [Fact]
    public async Task Stored_hours_read_back_in_the_stored_shape()
    {
        using var app = new IvrApiFactory().WithLocalAdmin();
        using var client = app.CreateClient();

        await AdminApi.PutAsync(client, "/departments/geology", """
            { "service": "voiceConnector", "number": "600500", "position": 2,
              "hours": { "time_zone": "Europe/London", "weekly": "mon-fri 09:00-17:00, SAT 10:00-14:00", "holidays": ["2030-12-25"],
                         "after_hours": "pstn:+15555550199", "closed_message": "Geology is closed." } }
            """);
        var hours = (await AdminApi.GetAsync(client, "/departments/geology")).Body.GetProperty("hours");

        hours.GetProperty("time_zone").GetString().Should().Be("Europe/London");
        hours.GetProperty("weekly").GetString().Should().Be("Mon 09:00-17:00, Tue 09:00-17:00, Wed 09:00-17:00, Thu 09:00-17:00, Fri 09:00-17:00, Sat 10:00-14:00");
        hours.GetProperty("holidays")[0].GetString().Should().Be("2030-12-25");
        hours.GetProperty("after_hours").GetString().Should().Be("pstn:+15555550199");
        hours.GetProperty("closed_message").GetString().Should().Be("Geology is closed.");
    }

    [Fact]
    public async Task A_queue_wait_is_stored_read_back_and_dropped_when_a_replace_leaves_it_out()
    {
        using var app = new IvrApiFactory().WithLocalAdmin();
        using var client = app.CreateClient();

        (await AdminApi.PutAsync(client, "/departments/history", """{ "service": "voiceConnector", "number": "600300", "max_wait_seconds": 120 }""")).Status.Should().Be(200);
        (await AdminApi.GetAsync(client, "/departments/history")).Body.GetProperty("max_wait_seconds").GetInt32().Should().Be(120);

        (await AdminApi.PutAsync(client, "/departments/history", """{ "service": "voiceConnector", "number": "600300" }""")).Status.Should().Be(200);
        (await AdminApi.GetAsync(client, "/departments/history")).Body.TryGetProperty("max_wait_seconds", out _).Should().BeFalse("a PUT replaces the whole department: the PBX default applies again");
    }

    [Fact]
    public async Task Rules_are_created_replaced_listed_in_order_and_deleted_and_calls_follow_them()
    {
        using var app = new IvrApiFactory().WithLocalAdmin();
        using var client = app.CreateClient();
        (await AdminApi.GetAsync(client, "/rules")).Body.GetArrayLength().Should().Be(0);
        Fixtures.Types(await AdminApi.NewCallAsync(app)).Should().Be("StartBotConversation");

        var created = await AdminApi.PutAsync(client, "/rules/vip", """{ "order": 2, "caller_number": "+15555550100", "action": "route", "department": "History" }""");
        var routed = await AdminApi.NewCallAsync(app);

        created.Status.Should().Be(201);
        created.Location.Should().Be(new Uri("/rules/vip", UriKind.Relative));
        created.Body.GetProperty("department").GetString().Should().Be("history");
        AdminApi.Uri(Fixtures.Actions(routed).Single(a => a.Type == "CallAndBridge").Parameters).Should().Be("600300");

        var replaced = await AdminApi.PutAsync(client, "/rules/vip", """{ "order": 2, "caller_number": "+15555550100", "action": "block", "message": "We cannot take your call." }""");
        (await AdminApi.PutAsync(client, "/rules/uk", """{ "order": 1, "caller_prefix": "+44", "action": "prefer", "department": "art" }""")).Status.Should().Be(201);
        var blocked = await AdminApi.NewCallAsync(app);

        replaced.Status.Should().Be(200);
        Fixtures.Types(blocked).Should().Be("Speak,Hangup");
        Fixtures.Actions(blocked)[0].Parameters.GetProperty("Text").GetString().Should().Be("We cannot take your call.");
        var list = (await AdminApi.GetAsync(client, "/rules")).Body;
        list.EnumerateArray().Select(r => r.GetProperty("rule_id").GetString()).Should().Equal("uk", "vip");
        (await AdminApi.GetAsync(client, "/rules/vip")).Body.GetProperty("action").GetString().Should().Be("block");

        (await AdminApi.DeleteAsync(client, "/rules/vip")).Status.Should().Be(204);
        (await AdminApi.GetAsync(client, "/rules/vip")).Status.Should().Be(404);
        (await AdminApi.DeleteAsync(client, "/rules/vip")).Status.Should().Be(404);
        Fixtures.Types(await AdminApi.NewCallAsync(app)).Should().Be("StartBotConversation");
    }
}
