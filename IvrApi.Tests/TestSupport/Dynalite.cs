using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;

namespace IvrApi.Tests.TestSupport;

/// <summary>
/// dynalite (npm), a server that speaks the DynamoDB protocol, on a free loopback port for the life of the test
/// collection. <c>scripts/test-dotnet.sh</c> installs it with <c>npm ci</c> in <c>IvrApi.Tests/tools</c>.
/// </summary>
public sealed class Dynalite : IAsyncLifetime
{
    private NodeServer? server;

    public string Endpoint => server?.Endpoint ?? "";

    public async Task InitializeAsync() => server = await NodeServer.StartAsync(
        "dynalite", "cli.js", port => ["--port", port, "--host", "127.0.0.1", "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0"]);

    public Task DisposeAsync()
    {
        server?.Dispose();
        return Task.CompletedTask;
    }

    public AmazonDynamoDBClient Client() => new(
        new BasicAWSCredentials("test", "test"),
        new AmazonDynamoDBConfig { ServiceURL = Endpoint, AuthenticationRegion = "us-east-1" });

    public async Task<string> CreateDepartmentTableAsync(params (string Name, string Service, string Number)[] rows)
    {
        var table = await CreateTableAsync("departments", "department_name");
        foreach (var row in rows)
        {
            await PutAsync(table, row.Name, row.Service, row.Number);
        }

        return table;
    }

    /// <summary>A new, empty, ACTIVE table with a string partition key, named after <paramref name="prefix"/>.</summary>
    public async Task<string> CreateTableAsync(string prefix, string partitionKey)
    {
        var table = prefix + "-" + Guid.NewGuid().ToString("N")[..8];
        using var client = Client();
        await client.CreateTableAsync(new CreateTableRequest
        {
            TableName = table,
            KeySchema = [new KeySchemaElement(partitionKey, KeyType.HASH)],
            AttributeDefinitions = [new AttributeDefinition(partitionKey, ScalarAttributeType.S)],
            BillingMode = BillingMode.PAY_PER_REQUEST,
        });
        await WaitUntilActiveAsync(client, table);
        return table;
    }

    /// <summary>dynalite finishes a CreateTable on a timer, even with --createTableMs 0: wait for ACTIVE before writing.</summary>
    public static async Task WaitUntilActiveAsync(AmazonDynamoDBClient client, string table)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var description = await client.DescribeTableAsync(table);
            if (description.Table.TableStatus == TableStatus.ACTIVE)
            {
                return;
            }

            await Task.Delay(20);
        }

        throw new InvalidOperationException($"table {table} never became ACTIVE");
    }

    public async Task PutAsync(string table, string name, string service, string number, Dictionary<string, AttributeValue>? extra = null)
    {
        using var client = Client();
        var item = new Dictionary<string, AttributeValue>
        {
            ["department_name"] = new() { S = name },
            ["service"] = new() { S = service },
            ["number"] = new() { S = number },
        };
        foreach (var (key, value) in extra ?? [])
        {
            item[key] = value;
        }

        await client.PutItemAsync(new PutItemRequest { TableName = table, Item = item });
    }

    /// <summary>
    /// The app on the DynamoDB provider, configured through the standard SDK environment as on Lambda: Region,
    /// credentials and the <c>AWS_ENDPOINT_URL_DYNAMODB</c> override (process-wide: tests using it share one collection).
    /// </summary>
    public static IvrApiFactory App(string endpoint, string table, string rulesTable = "")
    {
        Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_DYNAMODB", endpoint);
        Environment.SetEnvironmentVariable("AWS_REGION", "us-east-1");
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "test");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "test");
        return new IvrApiFactory()
            .With("Directory:Provider", "DynamoDb")
            .With("Directory:TableName", table)
            .With("Directory:RulesTableName", rulesTable)
            .WithLocalAdmin();
    }
}

/// <summary>Tests that set process-wide AWS environment variables run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class AwsEnvironmentCollection : ICollectionFixture<Dynalite>
{
    public const string Name = "AWS environment";
}
