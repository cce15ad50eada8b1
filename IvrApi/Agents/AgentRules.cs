using System.Text.RegularExpressions;
using IvrApi.Departments;
using IvrApi.Routing;

namespace IvrApi.Agents;

/// <summary>The one place that says what a valid agent is, on its own and against the directory it joins.</summary>
public static partial class AgentRules
{
    public const int MaxDisplayNameLength = 64;

    /// <summary>More than a handful of queues per person is a configuration mistake, and each is a PBX queue member.</summary>
    public const int MaxDepartments = 20;

    public const string DefaultLanguage = "en";

    /// <summary>The languages the PBX has prompts for (<c>sounds/ivr-pbx/&lt;lang&gt;</c>).</summary>
    public static readonly IReadOnlyList<string> Languages = ["en", "es"];

    // The PBX dialplan's own extensions: an agent id is a SIP user and an extension, so it must not shadow them.
    private static readonly string[] ReservedIds = ["unknown", "fax", "talk", "operator", "voicemail", "status", "agent"];

    /// <summary>Builds an agent from stored or submitted text, or says why it cannot be used (directory checks apart).</summary>
    public static Agent? TryCreate(string? id, string? displayName, IEnumerable<string>? departments, IEnumerable<string>? languages, out FieldError? error)
    {
        var canonical = id?.Trim().ToLowerInvariant() ?? "";
        if (!IsValidId(canonical))
        {
            error = new("agent_id", $"agent id '{id}' must be 2-32 lower-case letters, digits or '_', starting with a letter, and not {string.Join(", ", ReservedIds)}");
            return null;
        }

        // The PBX writes the name into its endpoint's caller id: quotes, angle brackets and control characters would break out of it.
        var name = displayName?.Trim() ?? "";
        if (!DisplayNamePattern().IsMatch(name))
        {
            error = new("display_name", $"display_name of '{canonical}' must be 1-{MaxDisplayNameLength} letters, digits, spaces, '.', ',', ''' or '-'");
            return null;
        }

        var served = (departments ?? []).Select(d => DepartmentRules.Normalize(d ?? "")).Distinct(StringComparer.Ordinal).ToArray();
        if (served.Length is 0 or > MaxDepartments || served.Any(d => !DepartmentRules.IsValidName(d)))
        {
            error = new("departments", $"departments of '{canonical}' must be 1-{MaxDepartments} department names");
            return null;
        }

        var spoken = (languages ?? []).Select(l => (l ?? "").Trim().ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToArray();
        if (spoken.Any(l => !Languages.Contains(l)))
        {
            error = new("languages", $"languages of '{canonical}' must be among {string.Join(", ", Languages)}");
            return null;
        }

        error = null;
        return new Agent(canonical, name, served, spoken.Length == 0 ? [DefaultLanguage] : spoken);
    }

    /// <summary>
    /// Why <paramref name="agent"/> does not fit <paramref name="directory"/>: a department it serves is missing or is not
    /// answered on the PBX (only Voice Connector departments have a queue), or its id is a department's name (both are
    /// extensions on the PBX).
    /// </summary>
    public static FieldError? CheckAgainst(Agent agent, DirectorySnapshot directory)
    {
        if (directory.Find(agent.Id) is not null)
        {
            return new("agent_id", $"'{agent.Id}' is the name of a department; an agent id must differ from every department name");
        }

        foreach (var name in agent.Departments)
        {
            var department = directory.Find(name);
            if (department is null)
            {
                return new("departments", $"agent '{agent.Id}' serves department '{name}', which does not exist");
            }

            if (department.Service != DepartmentService.VoiceConnector)
            {
                return new("departments", $"department '{name}' routes to the PSTN, so it has no PBX queue for agent '{agent.Id}' to serve");
            }
        }

        return null;
    }

    public static bool IsValidId(string canonical) => IdPattern().IsMatch(canonical) && !ReservedIds.Contains(canonical);

    [GeneratedRegex("^[a-z][a-z0-9_]{1,31}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N} .,'-]{0,63}$")]
    private static partial Regex DisplayNamePattern();
}
