using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.CDK;
using Amazon.CDK.AWS.DynamoDB;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.CustomResources;
using Constructs;
using Attribute = Amazon.CDK.AWS.DynamoDB.Attribute;

namespace IvrDeploy;

/// <summary>
/// The department table (seeded from departments.json), the routing-rules table the service reads and the route admin
/// API writes, and the agents table (one item per agent, written by the admin API, read by the PBX host).
/// </summary>
internal sealed class DepartmentDirectory : Construct
{
    public Table DepartmentTable { get; }
    public Table RulesTable { get; }
    public Table AgentsTable { get; }

    public DepartmentDirectory(Construct scope, string id, IReadOnlyList<Department> departments, DeploySettings settings) : base(scope, id)
    {
        // Routes written through the admin API live only here: a deleted stack keeps them unless the operator says otherwise.
        var removal = settings.RemoveTablesOnDelete ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
        DepartmentTable = NewTable("Departments", "department_name", removal);
        RulesTable = NewTable("RoutingRules", "rule_id", removal);
        // Agents are written only through the admin API, like routes: the same keep-unless-told policy, PITR and encryption.
        AgentsTable = NewTable("Agents", "agent_id", removal);

        // One custom resource per department: editing an entry rewrites that item, removing it from the
        // list deletes the item, and departments added later through the admin API are left alone.
        // CDK's AwsCustomResource handler runs under this role; without a log group of its own it could not log.
        var seedLogs = LogGroups.Create(this, "SeedLogs", settings.LogRetentionDays);
        var seedRole = LogGroups.LambdaRole(this, "SeedRole", seedLogs);
        seedRole.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["dynamodb:PutItem", "dynamodb:DeleteItem"],
            Resources = [DepartmentTable.TableArn],
        }));
        foreach (var (department, index) in departments.Select((d, i) => (d, i)))
        {
            var put = new AwsSdkCall
            {
                Service = "DynamoDB",
                Action = "putItem",
                Parameters = new Dictionary<string, object>
                {
                    ["TableName"] = DepartmentTable.TableName,
                    ["Item"] = ToItem(department.Item, index + 1),
                },
                PhysicalResourceId = PhysicalResourceId.Of(department.Name),
            };
            new AwsCustomResource(this, "Seed-" + department.Name, new AwsCustomResourceProps
            {
                InstallLatestAwsSdk = false,
                Role = seedRole,
                LogGroup = seedLogs,
                OnCreate = put,
                OnUpdate = put,
                OnDelete = new AwsSdkCall
                {
                    Service = "DynamoDB",
                    Action = "deleteItem",
                    Parameters = new Dictionary<string, object>
                    {
                        ["TableName"] = DepartmentTable.TableName,
                        ["Key"] = new Dictionary<string, object> { ["department_name"] = Str(department.Name) },
                    },
                },
            });
        }
    }

    /// <summary>Lets <paramref name="grantee"/> read both tables as IvrApi's DynamoDbDirectoryStore does (Scan), nothing more: the call path.</summary>
    public void GrantRead(IGrantable grantee) => Grant(grantee, "dynamodb:Scan");

    /// <summary>Lets <paramref name="grantee"/> make every call DynamoDbDirectoryStore makes (Scan, PutItem, DeleteItem): the admin API alone.</summary>
    public void GrantReadWrite(IGrantable grantee) => Grant(grantee, "dynamodb:Scan", "dynamodb:PutItem", "dynamodb:DeleteItem");

    /// <summary>
    /// Lets the admin API manage agents as IvrApi's agent store does: list (Scan), read one (GetItem), create or replace
    /// (PutItem), remove (DeleteItem). Nothing else holds a write on this table.
    /// </summary>
    public void GrantAgentsReadWrite(IGrantable grantee) =>
        AgentsTable.Grant(grantee, "dynamodb:Scan", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem");

    /// <summary>
    /// Lets the PBX host's directory sync read departments and agents (Scan, GetItem), nothing more: the host never
    /// reads the routing rules and never writes.
    /// </summary>
    public void GrantPbxRead(IGrantable grantee)
    {
        foreach (var table in new[] { DepartmentTable, AgentsTable })
        {
            table.Grant(grantee, "dynamodb:Scan", "dynamodb:GetItem");
        }
    }

    private void Grant(IGrantable grantee, params string[] actions)
    {
        foreach (var table in new[] { DepartmentTable, RulesTable })
        {
            table.Grant(grantee, actions);
        }
    }

    private Table NewTable(string id, string partitionKey, RemovalPolicy removal) => new(this, id, new TableProps
    {
        PartitionKey = new Attribute { Name = partitionKey, Type = AttributeType.STRING },
        BillingMode = BillingMode.PAY_PER_REQUEST,
        PointInTimeRecovery = true,
        RemovalPolicy = removal,
    });

    /// <summary>
    /// The item IvrApi's DynamoDB directory reads (IvrApi/Departments/Storage/DynamoDbDirectoryStore.cs): strings as S, string
    /// lists such as synonyms as SS, numbers as N, booleans as BOOL, objects such as hours as JSON text. A table has no
    /// order, so <c>position</c> (the entry's 1-based place in the file unless it sets its own) keeps the file's order,
    /// which numbers the keypad menu the bot announces.
    /// </summary>
    internal static Dictionary<string, object> ToItem(JsonObject entry, int position)
    {
        var item = new Dictionary<string, object> { ["position"] = Num(position.ToString(CultureInfo.InvariantCulture)) };
        foreach (var (key, value) in entry)
        {
            if (ToAttributeValue(value) is { } attribute)
            {
                item[key] = attribute;
            }
        }

        return item;
    }

    private static Dictionary<string, object>? ToAttributeValue(JsonNode? node) => node switch
    {
        null => null,
        JsonArray a when a.Count > 0 && a.All(x => x is JsonValue v && v.GetValueKind() == JsonValueKind.String) =>
            new Dictionary<string, object> { ["SS"] = a.Select(x => x!.GetValue<string>()).ToArray() },
        JsonArray { Count: 0 } => null,
        JsonObject or JsonArray => Str(node.ToJsonString()),
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => Str(v.GetValue<string>()),
            JsonValueKind.Number => Num(v.ToJsonString()),
            JsonValueKind.True or JsonValueKind.False => new Dictionary<string, object> { ["BOOL"] = v.GetValue<bool>() },
            _ => null,
        },
        _ => null,
    };

    private static Dictionary<string, object> Num(string n) => new() { ["N"] = n };

    private static Dictionary<string, object> Str(string s) => new() { ["S"] = s };
}
