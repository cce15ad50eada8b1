using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using IvrApi.Tests.Admin;
using IvrApi.Tests.TestSupport;

namespace IvrApi.Tests.Departments;

/// <summary>
/// Names and messages per language in the DynamoDB tables (dynalite): <c>names</c> as JSON text like <c>hours</c> (what
/// the deploy's seeding writes for an object) or as a map typed in the console; a rule's <c>message</c> as a string
/// (English) or a map of texts by language.
/// </summary>
[Collection(AwsEnvironmentCollection.Name)]
public sealed class DynamoDbLanguageTests(Dynalite dynalite)
{
    [Fact]
    public async Task Admin_writes_store_names_as_JSON_text_and_a_rule_message_per_language_as_a_map()
    {
        var table = await dynalite.CreateDepartmentTableAsync(("history", "voiceConnector", "600300"));
        var rules = await dynalite.CreateTableAsync("rules", "rule_id");
        using var app = Dynalite.App(dynalite.Endpoint, table, rules);
        using var client = app.CreateClient();

        (await AdminApi.PutAsync(client, "/departments/geology", """
            { "service": "voiceConnector", "number": "600500", "names": { "es": { "name": "geología", "synonyms": ["rocas"] } },
              "hours": { "time_zone": "Europe/London", "weekly": "Mon-Fri 09:00-17:00", "after_hours": "message", "after_hours_message": { "es": "Adiós." } } }
            """)).Status.Should().Be(201);
        (await AdminApi.PutAsync(client, "/rules/nuisance", """{ "caller_number": "+15555550100", "action": "block", "message": { "en": "Goodbye.", "es": "Adiós." } }""")).Status.Should().Be(201);
        (await AdminApi.PutAsync(client, "/rules/old", """{ "caller_number": "+15555550101", "action": "block", "message": "Goodbye." }""")).Status.Should().Be(201);

        var item = await GetItemAsync(table, "department_name", "geology");
        using (var names = JsonDocument.Parse(item["names"].S))
        {
            names.RootElement.GetProperty("es").GetProperty("name").GetString().Should().Be("geología");
            names.RootElement.GetProperty("es").GetProperty("synonyms")[0].GetString().Should().Be("rocas");
        }

        using (var hours = JsonDocument.Parse(item["hours"].S))
        {
            hours.RootElement.GetProperty("after_hours_message").GetProperty("es").GetString().Should().Be("Adiós.");
        }

        var rule = await GetItemAsync(rules, "rule_id", "nuisance");
        rule["message"].M["en"].S.Should().Be("Goodbye.");
        rule["message"].M["es"].S.Should().Be("Adiós.");
        (await GetItemAsync(rules, "rule_id", "old"))["message"].S.Should().Be("Goodbye.");

        var got = (await AdminApi.GetAsync(client, "/departments/geology")).Body;
        got.GetProperty("names").GetProperty("es").GetProperty("name").GetString().Should().Be("geología");
        (await AdminApi.GetAsync(client, "/rules/nuisance")).Body.GetProperty("message").GetProperty("es").GetString().Should().Be("Adiós.");
    }

    [Fact]
    public async Task Names_are_read_as_a_map_or_as_JSON_text_and_unreadable_names_reject_the_row()
    {
        var table = await dynalite.CreateDepartmentTableAsync(("history", "voiceConnector", "600300"));
        await dynalite.PutAsync(table, "math", "voiceConnector", "600400", new()
        {
            ["names"] = new AttributeValue
            {
                M = new() { ["es"] = new AttributeValue { M = new() { ["name"] = new AttributeValue { S = "matemáticas" }, ["synonyms"] = new AttributeValue { SS = ["álgebra"] } } } },
            },
        });
        await dynalite.PutAsync(table, "art", "voiceConnector", "600200", new()
        {
            ["names"] = new AttributeValue { S = """{"es":{"name":"arte","synonyms":["pintura"]}}""" },
        });
        await dynalite.PutAsync(table, "broken", "voiceConnector", "600900", new()
        {
            ["names"] = new AttributeValue { S = "{\"es\": " },
        });
        using var app = Dynalite.App(dynalite.Endpoint, table, await dynalite.CreateTableAsync("rules", "rule_id"));
        using var client = app.CreateClient();

        var math = (await AdminApi.GetAsync(client, "/departments/math")).Body.GetProperty("names").GetProperty("es");
        math.GetProperty("name").GetString().Should().Be("matemáticas");
        math.GetProperty("synonyms")[0].GetString().Should().Be("álgebra");
        (await AdminApi.GetAsync(client, "/departments/art")).Body.GetProperty("names").GetProperty("es").GetProperty("name").GetString().Should().Be("arte");
        (await AdminApi.GetAsync(client, "/departments/broken")).Status.Should().Be(404, "names that cannot be read must not silently drop the Spanish words");
    }

    private async Task<Dictionary<string, AttributeValue>> GetItemAsync(string table, string key, string value)
    {
        using var client = dynalite.Client();
        var response = await client.GetItemAsync(new GetItemRequest { TableName = table, Key = new() { [key] = new() { S = value } }, ConsistentRead = true });
        response.Item.Should().NotBeNullOrEmpty();
        return response.Item!;
    }
}
