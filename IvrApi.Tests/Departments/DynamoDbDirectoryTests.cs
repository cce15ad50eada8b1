using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2.Model;
using IvrApi.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace IvrApi.Tests.Departments;

/// <summary>The DynamoDB directory against dynalite, a real DynamoDB-protocol server, through the standard SDK environment.</summary>
[Collection(AwsEnvironmentCollection.Name)]
public sealed class DynamoDbDirectoryTests(Dynalite dynalite)
{
    [Fact]
    public async Task Routes_departments_read_from_the_table()
    {
        var table = await dynalite.CreateDepartmentTableAsync(
            ("history", "voiceConnector", "600300"),
            ("sales", "pstnNumber", "+15555550199"));
        using var app = Dynalite.App(dynalite.Endpoint, table);

        var history = await BridgeFor(app, "History");
        var sales = await BridgeFor(app, "sales");

        history.GetProperty("Endpoints")[0].GetProperty("Uri").GetString().Should().Be("600300");
        history.GetProperty("SipHeaders").GetProperty("X-LexInfo").GetString().Should().Be("history");
        sales.GetProperty("Endpoints")[0].GetProperty("BridgeEndpointType").GetString().Should().Be("PSTN");
        sales.GetProperty("Endpoints")[0].GetProperty("Uri").GetString().Should().Be("+15555550199");
    }

    [Fact]
    public async Task A_row_added_while_running_routes_once_the_cache_expires()
    {
        var table = await dynalite.CreateDepartmentTableAsync(("history", "voiceConnector", "600300"));
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var app = Dynalite.App(dynalite.Endpoint, table).WithServices(s => s.AddSingleton<TimeProvider>(clock));

        (await BridgeFor(app, "geology")).GetProperty("Endpoints")[0].GetProperty("Uri").GetString().Should().Be("000000");
        await dynalite.PutAsync(table, "geology", "voiceConnector", "600500");
        clock.Advance(TimeSpan.FromSeconds(31));

        (await BridgeFor(app, "geology")).GetProperty("Endpoints")[0].GetProperty("Uri").GetString().Should().Be("600500");
    }

    [Fact]
    public async Task Synonyms_and_position_are_read_and_invalid_rows_are_skipped()
    {
        var table = await dynalite.CreateDepartmentTableAsync(("history", "voiceConnector", "600300"));
        await dynalite.PutAsync(table, "math", "voiceConnector", "600400", new()
        {
            ["synonyms"] = new AttributeValue { SS = ["mathematics"] },
            ["position"] = new AttributeValue { N = "1" },
        });
        await dynalite.PutAsync(table, "broken", "fax", "600900");
        using var app = Dynalite.App(dynalite.Endpoint, table);

        (await BridgeFor(app, "mathematics")).GetProperty("Endpoints")[0].GetProperty("Uri").GetString().Should().Be("600400");
        var health = await app.CreateClient().GetStringAsync(new Uri("/healthz", UriKind.Relative));
        health.Should().Contain("\"departments\":2");
    }

    [Fact]
    public async Task A_missing_table_sends_callers_to_the_operator_honestly()
    {
        using var app = Dynalite.App(dynalite.Endpoint, "no-such-table");

        var answer = await Fixtures.SmaAsync(app, Fixtures.BotResult("history"));

        Fixtures.Types(answer).Should().Be("Speak,CallAndBridge");
        Fixtures.Actions(answer)[0].Parameters.GetProperty("Text").GetString().Should().Contain("can't look up departments");
    }

    [Fact]
    public async Task A_refused_connection_still_gets_the_caller_an_answer()
    {
        using var app = Dynalite.App($"http://127.0.0.1:{NodeServer.FreePort()}", "departments");

        var answer = await Fixtures.SmaAsync(app, Fixtures.BotResult("history"));
        var lex = await Fixtures.LexAsync(app, Fixtures.Lex("dialog-hook-department-valid"));

        Fixtures.Actions(answer).Single(a => a.Type == "CallAndBridge").Parameters
            .GetProperty("Endpoints")[0].GetProperty("Uri").GetString().Should().Be("000000");
        lex.GetProperty("sessionState").GetProperty("sessionAttributes").GetProperty("route").GetString().Should().Be("operator");
    }

    [Fact]
    public async Task A_table_endpoint_that_accepts_but_never_answers_still_gets_the_caller_an_answer()
    {
        using var blackHole = new TcpListener(IPAddress.Loopback, 0);
        blackHole.Start();
        var accepted = new List<TcpClient>();
        _ = Task.Run(async () =>
        {
            while (true)
            {
                accepted.Add(await blackHole.AcceptTcpClientAsync());
            }
        });
        using var app = Dynalite.App($"http://127.0.0.1:{((IPEndPoint)blackHole.LocalEndpoint).Port}", "departments")
            .With("Directory:Timeout", "00:00:00.5");

        var health = await app.CreateClient().GetStringAsync(new Uri("/healthz", UriKind.Relative));
        var answer = await Fixtures.SmaAsync(app, Fixtures.BotResult("history"));
        var lex = await Fixtures.LexAsync(app, Fixtures.Lex("dialog-hook-department-valid"));

        health.Should().Contain("\"directory\":\"unavailable\"");
        Fixtures.Types(answer).Should().Be("Speak,CallAndBridge");
        lex.GetProperty("sessionState").GetProperty("dialogAction").GetProperty("type").GetString().Should().Be("Close");
        accepted.Should().NotBeEmpty("the SDK did reach the hanging endpoint");
    }

    private static async Task<JsonElement> BridgeFor(IvrApiFactory app, string department) =>
        Fixtures.Actions(await Fixtures.SmaAsync(app, Fixtures.BotResult(department))).Single(a => a.Type == "CallAndBridge").Parameters;
}
