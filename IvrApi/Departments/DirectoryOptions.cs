namespace IvrApi.Departments;

public sealed class DirectoryOptions
{
    public const string Section = "Directory";

    /// <summary><c>Embedded</c> (the JSON seed file) or <c>DynamoDb</c>.</summary>
    public string Provider { get; set; } = "Embedded";

    public string SeedFile { get; set; } = "departments.json";

    /// <summary>Caller rules for the embedded provider; a missing file means no rules.</summary>
    public string RulesFile { get; set; } = "rules.json";

    public string TableName { get; set; } = "";

    /// <summary>DynamoDB table of caller rules (partition key <c>rule_id</c>); empty means no rules.</summary>
    public string RulesTableName { get; set; } = "";

    /// <summary>DynamoDB table of agents (partition key <c>agent_id</c>); empty means no agents can be kept.</summary>
    public string AgentsTable { get; set; } = "";

    /// <summary>Agents for the embedded provider; a missing file means none yet.</summary>
    public string AgentsFile { get; set; } = "agents.json";

    /// <summary>How long a loaded directory is served before it is read again: rows added while running route within this time.</summary>
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one read of the store may take before the call goes on without it.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMilliseconds(1500);

    /// <summary>When a refresh fails, the last good directory is used for at most this long.</summary>
    public TimeSpan MaxStaleness { get; set; } = TimeSpan.FromMinutes(10);
}
