using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using IvrApi.Tests.TestSupport;

namespace IvrApi.Tests.Admin;

/// <summary>The admin API writing to DynamoDB (dynalite): items land in the tables as the store reads them, and calls follow at once.</summary>
[Collection(AwsEnvironmentCollection.Name)]
public sealed class DynamoDbAdminTests(Dynalite dynalite)
{
    [Fact]
    public async Task Department_writes_land_in_the_table_and_route_without_a_restart()
    {
        var table = await dynalite.CreateDepartmentTableAsync(("history", "voiceConnector", "600300"), ("art", "voiceConnector", "600200"));
        using var app = Dynalite.App(dynalite.Endpoint, table, await dynalite.CreateTableAsync("rules", "rule_id"));
        using var client = app.CreateClient();
        AdminApi.Uri(await AdminApi.BridgeAfterBotAsync(app, "geology")).Should().Be("000000", "the directory is now cached without it");

        var created = await AdminApi.PutAsync(client, "/departments/geology", """
            { "service": "voiceConnector", "number": "600500", "synonyms": ["earth science"], "position": 1, "max_wait_seconds": 600,
              "hours": { "time_zone": "Europe/London", "weekly": "Sun-Sat 00:00-24:00", "holidays": [], "after_hours": "department:history" } }
            """);

        created.Status.Should().Be(201);
        var item = await StoredAsync(table, "department_name", "geology");
        item["service"].S.Should().Be("voiceConnector");
        item["number"].S.Should().Be("600500");
        item["synonyms"].SS.Should().Equal("earth science");
        item["position"].N.Should().Be("1");
        item["max_wait_seconds"].N.Should().Be("600");
        using (var hours = JsonDocument.Parse(item["hours"].S))
        {
            hours.RootElement.GetProperty("time_zone").GetString().Should().Be("Europe/London");
            hours.RootElement.GetProperty("after_hours").GetString().Should().Be("department:history");
        }

        AdminApi.Uri(await AdminApi.BridgeAfterBotAsync(app, "earth science")).Should().Be("600500");
        AdminApi.Names((await AdminApi.GetAsync(client, "/departments")).Body).Should().Equal("geology", "art", "history");
        (await AdminApi.GetAsync(client, "/departments/geology")).Body.GetProperty("max_wait_seconds").GetInt32().Should().Be(600, "the table's number reads back");

        var changed = await AdminApi.PutAsync(client, "/departments/history", """{ "service": "pstnNumber", "number": "+15555550199" }""");

        changed.Status.Should().Be(200);
        (await StoredAsync(table, "department_name", "history"))["service"].S.Should().Be("pstnNumber");
        var bridge = await AdminApi.BridgeAfterBotAsync(app, "history");
        AdminApi.EndpointType(bridge).Should().Be("PSTN");
        AdminApi.Uri(bridge).Should().Be("+15555550199");

        (await AdminApi.DeleteAsync(client, "/departments/history")).Status.Should().Be(409, "geology's after-hours route names it");
        (await AdminApi.DeleteAsync(client, "/departments/geology")).Status.Should().Be(204);

        (await GetItemAsync(table, "department_name", "geology")).Should().BeNull();
        (await AdminApi.GetAsync(client, "/departments/geology")).Status.Should().Be(404);
        AdminApi.Uri(await AdminApi.BridgeAfterBotAsync(app, "geology")).Should().Be("000000");
        (await AdminApi.DeleteAsync(client, "/departments/geology")).Status.Should().Be(404);
    }

    [Fact]
    public async Task Rule_writes_land_in_the_rules_table_and_apply_to_the_next_call()
    {
        var table = await dynalite.CreateDepartmentTableAsync(("history", "voiceConnector", "600300"));
        var rules = await dynalite.CreateTableAsync("rules", "rule_id");
        using var app = Dynalite.App(dynalite.Endpoint, table, rules);
        using var client = app.CreateClient();
        Fixtures.Types(await AdminApi.NewCallAsync(app)).Should().Be("StartBotConversation");

        var created = await AdminApi.PutAsync(client, "/rules/vip", """{ "order": 5, "caller_number": "+15555550100", "called_number": "+15555550101", "action": "route", "department": "history" }""");

        created.Status.Should().Be(201);
        var item = await StoredAsync(rules, "rule_id", "vip");
        item["order"].N.Should().Be("5");
        item["caller_number"].S.Should().Be("+15555550100");
        item["called_number"].S.Should().Be("+15555550101");
        item["action"].S.Should().Be("route");
        item["department"].S.Should().Be("history");
        item.Should().NotContainKey("caller_prefix");
        var routed = await AdminApi.NewCallAsync(app);
        AdminApi.Uri(Fixtures.Actions(routed).Single(a => a.Type == "CallAndBridge").Parameters).Should().Be("600300");
        (await AdminApi.GetAsync(client, "/rules")).Body[0].GetProperty("rule_id").GetString().Should().Be("vip");

        (await AdminApi.DeleteAsync(client, "/rules/vip")).Status.Should().Be(204);

        (await GetItemAsync(rules, "rule_id", "vip")).Should().BeNull();
        Fixtures.Types(await AdminApi.NewCallAsync(app)).Should().Be("StartBotConversation");
    }

    [Fact]
    public async Task A_store_that_cannot_be_reached_is_a_503_problem_not_a_stack_trace()
    {
        using var app = Dynalite.App($"http://127.0.0.1:{NodeServer.FreePort()}", "departments", "rules");
        using var client = app.CreateClient();

        var answers = new[]
        {
            await AdminApi.GetAsync(client, "/departments"),
            await AdminApi.GetAsync(client, "/rules/vip"),
            await AdminApi.PutAsync(client, "/departments/geology", """{ "service": "voiceConnector", "number": "600500" }"""),
            await AdminApi.DeleteAsync(client, "/rules/vip"),
        };

        foreach (var answer in answers)
        {
            answer.Status.Should().Be(503);
            answer.ContentType.Should().Be("application/problem+json");
            answer.Body.GetProperty("title").GetString().Should().Be("The department directory store is unavailable");
            answer.Body.GetRawText().Should().NotContain(" at IvrApi");
        }

        app.Logs.Lines.Should().Contain(l => l.Contains("the directory store did not answer", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_missing_table_is_a_503_problem_whose_reason_goes_to_the_log_only()
    {
        var table = await dynalite.CreateDepartmentTableAsync(("history", "voiceConnector", "600300"));
        using var app = Dynalite.App(dynalite.Endpoint, table, "");
        using var client = app.CreateClient();

        var rule = await AdminApi.PutAsync(client, "/rules/vip", """{ "caller_prefix": "+44", "action": "route", "department": "history" }""");

        rule.Status.Should().Be(503);
        rule.Body.GetRawText().Should().NotContain("RulesTableName");
        app.Logs.Lines.Should().Contain(l => l.Contains("RulesTableName", StringComparison.Ordinal));
        using var missing = Dynalite.App(dynalite.Endpoint, "no-such-table", "");
        using var other = missing.CreateClient();
        var read = await AdminApi.GetAsync(other, "/departments");
        read.Status.Should().Be(503);

        // The store's message names the table (and on AWS its ARN and account): problem details never carry it.
        read.Body.GetRawText().Should().NotContain("Requested resource not found").And.NotContain("no-such-table");
        missing.Logs.Lines.Should().Contain(l => l.Contains("Requested resource not found", StringComparison.Ordinal));
    }

    private async Task<Dictionary<string, AttributeValue>> StoredAsync(string table, string key, string value)
    {
        var item = await GetItemAsync(table, key, value);
        item.Should().NotBeNull("{0} should hold {1}", table, value);
        return item!;
    }

    private async Task<Dictionary<string, AttributeValue>?> GetItemAsync(string table, string key, string value)
    {
        using var client = dynalite.Client();
        var response = await client.GetItemAsync(new GetItemRequest { TableName = table, Key = new() { [key] = new() { S = value } }, ConsistentRead = true });
        return response.Item is { Count: > 0 } item ? item : null;
    }
}
