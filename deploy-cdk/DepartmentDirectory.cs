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
/// The department table (seeded from departments.json) and the routing-rules table the service reads and the route admin API writes.
/// </summary>
internal sealed class DepartmentDirectory : Construct
{
    public Table DepartmentTable { get; }
    public Table RulesTable { get; }

    public DepartmentDirectory(Construct scope, string id, IReadOnlyList<Department> departments) : base(scope, id)
    {
        DepartmentTable = NewTable("Departments", "department_name");
        RulesTable = NewTable("RoutingRules", "rule_id");

        // One custom resource per department: editing an entry rewrites that item, removing it from the
        // list deletes the item, and departments added later through the admin API are left alone.
        var seedRole = new Role(this, "SeedRole", new RoleProps { AssumedBy = new ServicePrincipal("lambda.amazonaws.com") });
        seedRole.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["dynamodb:PutItem", "dynamodb:DeleteItem"],
            Resources = [DepartmentTable.TableArn],
        }));
        foreach (var department in departments)
        {
            var put = new AwsSdkCall
            {
                Service = "DynamoDB",
                Action = "putItem",
                Parameters = new Dictionary<string, object>
                {
                    ["TableName"] = DepartmentTable.TableName,
                    ["Item"] = ToAttributeMap(department.Item),
                },
                PhysicalResourceId = PhysicalResourceId.Of(department.Name),
            };
            new AwsCustomResource(this, "Seed-" + department.Name, new AwsCustomResourceProps
            {
                InstallLatestAwsSdk = false,
                Role = seedRole,
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

    /// <summary>Lets <paramref name="grantee"/> read, cache (Scan) and edit both tables, nothing more.</summary>
    public void GrantServiceAccess(IGrantable grantee)
    {
        foreach (var table in new[] { DepartmentTable, RulesTable })
        {
            table.Grant(grantee, "dynamodb:GetItem", "dynamodb:Scan", "dynamodb:PutItem", "dynamodb:DeleteItem");
        }
    }

    private Table NewTable(string id, string partitionKey) => new(this, id, new TableProps
    {
        PartitionKey = new Attribute { Name = partitionKey, Type = AttributeType.STRING },
        BillingMode = BillingMode.PAY_PER_REQUEST,
        PointInTimeRecovery = true,
        RemovalPolicy = RemovalPolicy.DESTROY,
    });

    /// <summary>DynamoDB JSON for a plain JSON object, so fields added to departments.json reach the table unchanged.</summary>
    internal static Dictionary<string, object> ToAttributeMap(JsonObject item) =>
        item.ToDictionary(p => p.Key, p => ToAttributeValue(p.Value));

    private static object ToAttributeValue(JsonNode? node) => node switch
    {
        null => new Dictionary<string, object> { ["NULL"] = true },
        JsonObject o => new Dictionary<string, object> { ["M"] = ToAttributeMap(o) },
        JsonArray a => new Dictionary<string, object> { ["L"] = a.Select(ToAttributeValue).ToArray() },
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => Str(v.GetValue<string>()),
            JsonValueKind.Number => new Dictionary<string, object> { ["N"] = v.ToJsonString() },
            JsonValueKind.True or JsonValueKind.False => new Dictionary<string, object> { ["BOOL"] = v.GetValue<bool>() },
            var kind => throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"Unsupported JSON value kind {kind}.")),
        },
        _ => throw new InvalidDataException("Unsupported JSON node."),
    };

    private static Dictionary<string, object> Str(string s) => new() { ["S"] = s };
}
