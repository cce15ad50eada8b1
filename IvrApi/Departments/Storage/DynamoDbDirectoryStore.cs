using System.Globalization;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using IvrApi.Agents;
using IvrApi.Agents.Storage;
using IvrApi.Http;
using IvrApi.Routing;
using Microsoft.Extensions.Options;

namespace IvrApi.Departments.Storage;

/// <summary>
/// Departments from the DynamoDB table of the AWS sample (partition key <c>department_name</c>, string attributes
/// <c>service</c> and <c>number</c>; optional string set <c>synonyms</c>, numbers <c>position</c> and <c>max_wait_seconds</c>, and <c>hours</c> and
/// <c>names</c> (the other languages' words) as JSON text; <c>names</c> may also be a map), caller rules from a second
/// table (partition key <c>rule_id</c>; <c>message</c> a string, or a map of texts by language) and agents from a third
/// (partition key <c>agent_id</c>, string <c>display_name</c>, lists of strings <c>departments</c> and <c>languages</c>).
/// Each is read whole: they are small.
/// </summary>
public sealed partial class DynamoDbDirectoryStore(
    IAmazonDynamoDB dynamoDb,
    IOptions<DirectoryOptions> options,
    ILogger<DynamoDbDirectoryStore> logger) : IDirectoryStore, IAgentStore
{
    public async Task<DirectoryContent> LoadAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var departmentsRead = ScanAsync(settings.TableName, cancellationToken);
        var rulesRead = string.IsNullOrEmpty(settings.RulesTableName)
            ? Task.FromResult(new List<Dictionary<string, AttributeValue>>())
            : ScanAsync(settings.RulesTableName, cancellationToken);
        await Task.WhenAll(departmentsRead, rulesRead).ConfigureAwait(false);

        var departments = new List<Department>();
        foreach (var item in departmentsRead.Result)
        {
            if (ToDepartmentRecord(item).ToDepartment(out var error) is { } department)
            {
                departments.Add(department);
            }
            else
            {
                LogSkipped(logger, settings.TableName, error!.ToString());
            }
        }

        var rules = new List<CallerRule>();
        foreach (var item in rulesRead.Result)
        {
            if (ToRuleRecord(item).ToRule(out var error) is { } rule)
            {
                rules.Add(rule);
            }
            else
            {
                LogSkipped(logger, settings.RulesTableName, error!.ToString());
            }
        }

        return new DirectoryContent(
            departments.OrderBy(d => d.Position ?? int.MaxValue).ThenBy(d => d.Name, StringComparer.Ordinal).ToArray(),
            rules);
    }

    public Task PutDepartmentAsync(Department department, CancellationToken cancellationToken) =>
        dynamoDb.PutItemAsync(new PutItemRequest { TableName = options.Value.TableName, Item = ToItem(DepartmentRecord.From(department)) }, cancellationToken);

    public async Task<bool> DeleteDepartmentAsync(string name, CancellationToken cancellationToken) =>
        await DeleteAsync(options.Value.TableName, "department_name", name, cancellationToken).ConfigureAwait(false);

    public Task PutRuleAsync(CallerRule rule, CancellationToken cancellationToken) =>
        dynamoDb.PutItemAsync(new PutItemRequest { TableName = RulesTable(), Item = ToItem(RuleRecord.From(rule)) }, cancellationToken);

    public async Task<bool> DeleteRuleAsync(string id, CancellationToken cancellationToken) =>
        await DeleteAsync(RulesTable(), "rule_id", id, cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<Agent>> LoadAgentsAsync(CancellationToken cancellationToken)
    {
        var table = options.Value.AgentsTable;
        if (string.IsNullOrEmpty(table))
        {
            return [];
        }

        var agents = new List<Agent>();
        foreach (var item in await ScanAsync(table, cancellationToken).ConfigureAwait(false))
        {
            if (ToAgentRecord(item).ToAgent(out var error) is { } agent)
            {
                agents.Add(agent);
            }
            else
            {
                LogSkipped(logger, table, error!.ToString());
            }
        }

        return agents.OrderBy(a => a.Id, StringComparer.Ordinal).ToArray();
    }

    public Task PutAgentAsync(Agent agent, CancellationToken cancellationToken) =>
        dynamoDb.PutItemAsync(new PutItemRequest { TableName = AgentsTable(), Item = ToItem(AgentRecord.From(agent)) }, cancellationToken);

    public async Task<bool> DeleteAgentAsync(string id, CancellationToken cancellationToken) =>
        await DeleteAsync(AgentsTable(), "agent_id", id, cancellationToken).ConfigureAwait(false);

    public static AgentRecord ToAgentRecord(Dictionary<string, AttributeValue> item) =>
        new(S(item, "agent_id"), S(item, "display_name"), Strings(item, "departments"), Strings(item, "languages"));

    public static DepartmentRecord ToDepartmentRecord(Dictionary<string, AttributeValue> item) => new(
        S(item, "department_name"),
        S(item, "service"),
        S(item, "number"),
        Strings(item, "synonyms"),
        N(item, "position"),
        S(item, "hours") is { } hours ? ReadHours(hours) : null,
        N(item, "max_wait_seconds"),
        ReadNames(item.GetValueOrDefault("names")));

    public static RuleRecord ToRuleRecord(Dictionary<string, AttributeValue> item) => new(
        S(item, "rule_id"), N(item, "order"), S(item, "caller_prefix"), S(item, "caller_number"), S(item, "called_number"),
        S(item, "action"), S(item, "department"), Message(item.GetValueOrDefault("message")));

    private static Dictionary<string, AttributeValue> ToItem(DepartmentRecord record)
    {
        var item = new Dictionary<string, AttributeValue>
        {
            ["department_name"] = new() { S = record.DepartmentName },
            ["service"] = new() { S = record.Service },
            ["number"] = new() { S = record.Number },
        };
        if (record.Synonyms is { Count: > 0 } synonyms)
        {
            item["synonyms"] = new() { SS = [.. synonyms] };
        }

        if (record.Position is { } position)
        {
            item["position"] = new() { N = position.ToString(CultureInfo.InvariantCulture) };
        }

        if (record.MaxWaitSeconds is { } maxWait)
        {
            item["max_wait_seconds"] = new() { N = maxWait.ToString(CultureInfo.InvariantCulture) };
        }

        if (record.Hours is { } hours)
        {
            item["hours"] = new() { S = JsonSerializer.Serialize(hours, IvrJsonContext.Default.HoursRecord) };
        }

        if (record.Names is { Count: > 0 } names)
        {
            item["names"] = new() { S = JsonSerializer.Serialize(names, IvrJsonContext.Default.IReadOnlyDictionaryStringNamesRecord) };
        }

        return item;
    }

    private static Dictionary<string, AttributeValue> ToItem(RuleRecord record)
    {
        var item = new Dictionary<string, AttributeValue>
        {
            ["rule_id"] = new() { S = record.RuleId },
            ["order"] = new() { N = (record.Order ?? 0).ToString(CultureInfo.InvariantCulture) },
            ["action"] = new() { S = record.Action },
        };
        foreach (var (key, value) in new[] { ("caller_prefix", record.CallerPrefix), ("caller_number", record.CallerNumber), ("called_number", record.CalledNumber), ("department", record.Department) })
        {
            if (value is not null)
            {
                item[key] = new() { S = value };
            }
        }

        if (record.Message is { } message)
        {
            item["message"] = message.SingleEnglish is { } english
                ? new() { S = english }
                : new() { M = message.Texts.Where(t => t.Value is not null).ToDictionary(t => t.Key, t => new AttributeValue { S = t.Value }, StringComparer.Ordinal) };
        }

        return item;
    }

    // Lists keep the admin's order; a string set (what a hand-made item may hold) reads the same.
    private static Dictionary<string, AttributeValue> ToItem(AgentRecord record) => new()
    {
        ["agent_id"] = new() { S = record.AgentId },
        ["display_name"] = new() { S = record.DisplayName },
        ["departments"] = new() { L = [.. (record.Departments ?? []).Select(d => new AttributeValue { S = d })] },
        ["languages"] = new() { L = [.. (record.Languages ?? []).Select(l => new AttributeValue { S = l })] },
    };

    // JSON text like hours (what the deploy's seeding writes for an object), or a map as one may type it in the console.
    private static Dictionary<string, NamesRecord?>? ReadNames(AttributeValue? value)
    {
        if (value?.M is { } byLanguage)
        {
            return byLanguage.ToDictionary(n => n.Key, n => n.Value.M is { } words ? new NamesRecord(S(words, "name"), Strings(words, "synonyms")) : null, StringComparer.Ordinal);
        }

        if (value?.S is not { } json)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(json, IvrJsonContext.Default.DictionaryStringNamesRecord);
        }
        catch (JsonException)
        {
            // Unreadable names must not silently drop the Spanish words: reject the row instead.
            return new Dictionary<string, NamesRecord?>(StringComparer.Ordinal) { ["?"] = null };
        }
    }

    // A message in the form before languages is a string (English); with languages, a map of strings by code.
    private static MessageRecord? Message(AttributeValue? value) =>
        value?.S is { } english ? new(new Dictionary<string, string?> { ["en"] = english })
        : value?.M is { } texts ? new(texts.ToDictionary(t => t.Key, t => (string?)t.Value.S, StringComparer.Ordinal))
        : null;

    private static List<string>? Strings(Dictionary<string, AttributeValue> item, string key) =>
        item.GetValueOrDefault(key) is { } value ? (value.SS ?? value.L?.Select(v => v.S).OfType<string>().ToList()) : null;

    private static HoursRecord? ReadHours(string json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, IvrJsonContext.Default.HoursRecord);
        }
        catch (JsonException)
        {
            // An unreadable hours value must not make the department always-open: reject the row instead.
            return new HoursRecord(null, null, null, null);
        }
    }

    private async Task<List<Dictionary<string, AttributeValue>>> ScanAsync(string table, CancellationToken cancellationToken)
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        Dictionary<string, AttributeValue>? startKey = null;
        do
        {
            var page = await dynamoDb.ScanAsync(
                new ScanRequest { TableName = table, ExclusiveStartKey = startKey, ConsistentRead = true },
                cancellationToken).ConfigureAwait(false);
            items.AddRange(page.Items ?? []);
            startKey = page.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (startKey is not null);
        return items;
    }

    private async Task<bool> DeleteAsync(string table, string key, string value, CancellationToken cancellationToken)
    {
        var response = await dynamoDb.DeleteItemAsync(
            new DeleteItemRequest { TableName = table, Key = new() { [key] = new() { S = value } }, ReturnValues = ReturnValue.ALL_OLD },
            cancellationToken).ConfigureAwait(false);
        return response.Attributes is { Count: > 0 };
    }

    private string RulesTable() =>
        string.IsNullOrEmpty(options.Value.RulesTableName)
            ? throw new InvalidOperationException("Directory:RulesTableName is not set, so rules cannot be stored.")
            : options.Value.RulesTableName;

    private string AgentsTable() =>
        string.IsNullOrEmpty(options.Value.AgentsTable)
            ? throw new InvalidOperationException("Directory:AgentsTable is not set, so agents cannot be stored.")
            : options.Value.AgentsTable;

    private static string? S(Dictionary<string, AttributeValue> item, string key) => item.GetValueOrDefault(key)?.S;

    private static int? N(Dictionary<string, AttributeValue> item, string key) =>
        int.TryParse(item.GetValueOrDefault(key)?.N, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

    [LoggerMessage(Level = LogLevel.Error, Message = "Row of {Table} skipped: {Error}")]
    private static partial void LogSkipped(ILogger logger, string table, string error);
}
