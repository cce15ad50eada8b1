using IvrApi.Agents;
using IvrApi.Departments;
using IvrApi.Departments.Storage;
using IvrApi.Http;
using IvrApi.Routing;
using IvrApi.Routing.Matching;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IvrApi.Admin;

/// <summary><c>/departments</c>: bodies are <see cref="DepartmentRecord"/>, the shape of the seed file and the table.</summary>
internal static class DepartmentAdmin
{
    public static async Task<Ok<DepartmentRecord[]>> ListAsync([AsParameters] DirectoryAdmin admin)
    {
        var snapshot = await admin.LoadAsync().ConfigureAwait(false);
        return TypedResults.Ok(snapshot.Departments.Select(DepartmentRecord.From).ToArray());
    }

    public static async Task<Results<Ok<DepartmentRecord>, ProblemHttpResult>> GetAsync(string name, [AsParameters] DirectoryAdmin admin)
    {
        var snapshot = await admin.LoadAsync().ConfigureAwait(false);
        return snapshot.Find(name) is { } department
            ? TypedResults.Ok(DepartmentRecord.From(department))
            : AdminRequests.NotFound($"department '{name}'");
    }

    public static async Task<Results<Created<DepartmentRecord>, Ok<DepartmentRecord>, ValidationProblem, ProblemHttpResult>> PutAsync(
        string name, HttpRequest request, PstnPolicy pstn, [AsParameters] DirectoryAdmin admin)
    {
        var (record, unreadable, invalid) = await AdminRequests.ReadAsync(request, AdminBody.Department, IvrJsonContext.Default.DepartmentRecord, admin.Aborted).ConfigureAwait(false);
        if (record is null)
        {
            return invalid is not null ? invalid : unreadable!;
        }

        // Every bad value at once: the name, the department's own fields, and its hours even when those failed.
        var errors = new List<FieldError>();
        if (!string.IsNullOrWhiteSpace(record.DepartmentName) && DepartmentRules.Normalize(record.DepartmentName) != DepartmentRules.Normalize(name))
        {
            errors.Add(new("department_name", $"department_name '{record.DepartmentName}' differs from the name in the path, '{name}'"));
        }

        var department = (record with { DepartmentName = name }).ToDepartment(out var error);
        if (error is not null)
        {
            errors.Add(error);
        }

        if (department is null && record.Hours is { } hours && !error!.Field.StartsWith("hours", StringComparison.Ordinal)
            && hours.ToHours(out var hoursError) is null)
        {
            errors.Add(hoursError!);
        }

        if (errors.Count > 0 || department is null)
        {
            return AdminRequests.Invalid(errors);
        }

        // The toll-fraud guard: a PSTN destination outside the allowed prefixes, or premium-rate, is refused.
        if (pstn.Check(department) is { } refused)
        {
            return AdminRequests.Invalid(refused);
        }

        var snapshot = await admin.LoadAsync().ConfigureAwait(false);
        if (Conflict(department, snapshot) is { } conflict)
        {
            return conflict;
        }

        if (AgentConflict(department, await admin.LoadAgentsAsync().ConfigureAwait(false)) is { } agentConflict)
        {
            return AdminRequests.Invalid(agentConflict);
        }

        var before = snapshot.Find(department.Name);
        await admin.PutDepartmentAsync(department, before).ConfigureAwait(false);
        var stored = DepartmentRecord.From(department);
        return before is not null ? TypedResults.Ok(stored) : TypedResults.Created($"/departments/{Uri.EscapeDataString(department.Name)}", stored);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string name, [AsParameters] DirectoryAdmin admin)
    {
        var snapshot = await admin.LoadAsync().ConfigureAwait(false);
        if (snapshot.Find(name) is not { } department)
        {
            return AdminRequests.NotFound($"department '{name}'");
        }

        // A dangling reference would send those callers to the operator without anyone noticing; agents who serve it
        // would lose a queue without being told (README, "Agents and voicemail in the admin API").
        var agents = await admin.LoadAgentsAsync().ConfigureAwait(false);
        var namedBy = snapshot.Rules.Where(r => r.Action != RuleAction.Block && r.Department == department.Name).Select(r => $"rule '{r.Id}'")
            .Concat(snapshot.Departments.Where(d => d.Name != department.Name && AfterHoursDepartment(d) == department.Name).Select(d => $"the after-hours route of '{d.Name}'"))
            .Concat(agents.Where(a => a.Departments.Contains(department.Name)).Select(a => $"agent '{a.Id}'"))
            .ToArray();
        if (namedBy.Length > 0)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "The department is still in use",
                detail: $"'{department.Name}' is named by {string.Join(", ", namedBy)}; change or delete those first.");
        }

        return await admin.DeleteDepartmentAsync(department).ConfigureAwait(false)
            ? TypedResults.NoContent()
            : AdminRequests.NotFound($"department '{name}'");
    }

    /// <summary>What the store holds that the new department would contradict: a missing after-hours department, or a name callers could not tell apart.</summary>
    private static ValidationProblem? Conflict(Department department, DirectorySnapshot snapshot)
    {
        if (AfterHoursDepartment(department) is { } target && (target == department.Name || snapshot.Find(target) is null))
        {
            return AdminRequests.Invalid("hours.after_hours", target == department.Name
                ? $"after_hours of '{department.Name}' must name another department"
                : $"after_hours of '{department.Name}' names department '{target}', which does not exist");
        }

        // Per language, as its callers' words are matched: a Spanish caller may also say the English names, and accents,
        // case and plurals do not tell words apart ("história" is "historia", "artes" is "arte").
        foreach (var language in CallLanguages.All)
        {
            var ownWords = DirectoryIndex.WordsOf(department, language).ToArray();
            foreach (var other in snapshot.Departments.Where(d => d.Name != department.Name))
            {
                var otherKeys = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var word in DirectoryIndex.WordsOf(other, language))
                {
                    otherKeys.TryAdd(DirectoryIndex.Key(word, language), word);
                }

                foreach (var word in ownWords)
                {
                    if (otherKeys.TryGetValue(DirectoryIndex.Key(word, language), out var shared))
                    {
                        var heardAs = word == shared ? "" : $" is heard as '{shared}', which";
                        var callers = language == CallLanguage.English ? "" : $" for {language} callers";
                        return AdminRequests.Invalid(FieldOf(department, word), $"'{word}'{heardAs} already names department '{other.Name}'{callers}");
                    }
                }
            }
        }

        return null;
    }

    /// <summary>A name an agent signs in as (both are PBX extensions), or a move to the PSTN under agents who answer it on the PBX.</summary>
    private static FieldError? AgentConflict(Department department, IReadOnlyList<Agent> agents)
    {
        if (agents.Any(a => a.Id == department.Name))
        {
            return new("department_name", $"'{department.Name}' is an agent's id; a department name must differ from every agent id");
        }

        var serving = agents.Where(a => a.Departments.Contains(department.Name)).Select(a => a.Id).ToArray();
        return department.Service != DepartmentService.VoiceConnector && serving.Length > 0
            ? new("service", $"agents {string.Join(", ", serving)} answer '{department.Name}' on the PBX; take it off them before it routes to the PSTN")
            : null;
    }

    private static string? AfterHoursDepartment(Department department) =>
        department.Hours?.AfterHours is AfterHours.ToDepartment target ? target.Name : null;

    /// <summary>The stored field a department's word came from.</summary>
    private static string FieldOf(Department department, string word)
    {
        if (word == department.Name)
        {
            return "department_name";
        }

        if (department.Synonyms.Contains(word))
        {
            return "synonyms";
        }

        var (language, names) = department.Names.First(n => n.Value.Name == word || n.Value.Synonyms.Contains(word));
        return names.Name == word ? $"names.{language.Code}.name" : $"names.{language.Code}.synonyms";
    }
}
