using Amazon.DynamoDBv2.Model;
using IvrApi.Tests.Admin;
using IvrApi.Tests.TestSupport;

namespace IvrApi.Tests.Agents;

/// <summary>Agents in the DynamoDB agents table (dynalite): the item shape the PBX host reads (contract 1 of docs/contracts.md), and back.</summary>
[Collection(AwsEnvironmentCollection.Name)]
public sealed class DynamoDbAgentTests(Dynalite dynalite) : IDisposable
{
    private readonly string secrets = Directory.CreateTempSubdirectory("ivr-agent-secrets-").FullName;

    public void Dispose() => Directory.Delete(secrets, recursive: true);

    [Fact]
    public async Task An_agent_lands_in_the_agents_table_as_the_contract_item_and_goes_with_its_delete()
    {
        var (app, agents) = await AppAsync();
        using (app)
        using (var client = app.CreateClient())
        {
            (await AdminApi.PutAsync(client, "/agents/alice", """{ "display_name": "Alice Smith", "departments": ["history", "art"], "languages": ["en", "es"] }""")).Status.Should().Be(201);

            var item = await ItemAsync(agents, "alice");
            item!.Keys.Should().BeEquivalentTo("agent_id", "display_name", "departments", "languages");
            item["agent_id"].S.Should().Be("alice");
            item["display_name"].S.Should().Be("Alice Smith");
            item["departments"].L.Select(v => v.S).Should().Equal("history", "art");
            item["languages"].L.Select(v => v.S).Should().Equal("en", "es");

            (await AdminApi.DeleteAsync(client, "/departments/art")).Status.Should().Be(409, "alice answers art");
            (await AdminApi.DeleteAsync(client, "/agents/alice")).Status.Should().Be(204);
            (await ItemAsync(agents, "alice")).Should().BeNull();
            File.Exists(Path.Combine(secrets, "alice")).Should().BeFalse();
        }
    }

    [Fact]
    public async Task Hand_made_items_read_with_a_string_set_and_the_default_language_and_a_bad_row_is_skipped()
    {
        var (app, agents) = await AppAsync();
        using var client = dynalite.Client();
        await client.PutItemAsync(new PutItemRequest
        {
            TableName = agents,
            Item = new() { ["agent_id"] = new() { S = "bob" }, ["display_name"] = new() { S = "Bob" }, ["departments"] = new() { SS = ["history"] } },
        });
        await client.PutItemAsync(new PutItemRequest
        {
            TableName = agents,
            Item = new() { ["agent_id"] = new() { S = "Not An Id" }, ["display_name"] = new() { S = "X" }, ["departments"] = new() { SS = ["history"] } },
        });

        using (app)
        using (var http = app.CreateClient())
        {
            var list = await AdminApi.GetAsync(http, "/agents");

            list.Body.EnumerateArray().Select(a => a.GetProperty("agent_id").GetString()).Should().Equal("bob");
            list.Body[0].GetProperty("languages").EnumerateArray().Select(l => l.GetString()).Should().Equal("en");
            app.Logs.Lines.Should().Contain(l => l.Contains("skipped", StringComparison.Ordinal) && l.Contains("agent_id", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Without_an_agents_table_there_are_no_agents_and_a_write_is_a_503()
    {
        var table = await dynalite.CreateDepartmentTableAsync(("history", "voiceConnector", "600300"));
        using var app = Dynalite.App(dynalite.Endpoint, table).With("Agents:SecretDirectory", secrets);
        using var client = app.CreateClient();

        (await AdminApi.GetAsync(client, "/agents")).Body.GetArrayLength().Should().Be(0);
        var write = await AdminApi.PutAsync(client, "/agents/alice", """{ "display_name": "Alice", "departments": ["history"] }""");
        write.Status.Should().Be(503);
        write.Body.GetProperty("title").GetString().Should().Be("The department directory store is unavailable");
        app.Logs.Lines.Should().Contain(l => l.Contains("Directory:AgentsTable is not set", StringComparison.Ordinal));
        (await AdminApi.DeleteAsync(client, "/departments/history")).Status.Should().Be(204, "no agents table, so no agent serves it");
    }

    private async Task<(IvrApiFactory App, string Agents)> AppAsync()
    {
        var table = await dynalite.CreateDepartmentTableAsync(("history", "voiceConnector", "600300"), ("art", "voiceConnector", "600200"));
        var agents = await dynalite.CreateTableAsync("agents", "agent_id");
        return (Dynalite.App(dynalite.Endpoint, table).With("Directory:AgentsTable", agents).With("Agents:SecretDirectory", secrets), agents);
    }

    private async Task<Dictionary<string, AttributeValue>?> ItemAsync(string table, string id)
    {
        using var client = dynalite.Client();
        var response = await client.GetItemAsync(new GetItemRequest { TableName = table, Key = new() { ["agent_id"] = new() { S = id } }, ConsistentRead = true });
        return response.Item is { Count: > 0 } item ? item : null;
    }
}
