using IvrApi.Departments;
using IvrApi.Departments.Storage;
using IvrApi.Http;
using IvrApi.Routing;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IvrApi.Admin;

/// <summary><c>/rules</c>: bodies are <see cref="RuleRecord"/>, the shape of the rules file and the rules table.</summary>
internal static class RuleAdmin
{
    public static async Task<Ok<RuleRecord[]>> ListAsync([AsParameters] DirectoryAdmin admin)
    {
        var snapshot = await admin.LoadAsync().ConfigureAwait(false);
        return TypedResults.Ok(snapshot.Rules.Select(RuleRecord.From).ToArray());
    }

    public static async Task<Results<Ok<RuleRecord>, ProblemHttpResult>> GetAsync(string id, [AsParameters] DirectoryAdmin admin)
    {
        var snapshot = await admin.LoadAsync().ConfigureAwait(false);
        return Find(snapshot, id) is { } rule ? TypedResults.Ok(RuleRecord.From(rule)) : AdminRequests.NotFound($"rule '{id}'");
    }

    public static async Task<Results<Created<RuleRecord>, Ok<RuleRecord>, ValidationProblem, ProblemHttpResult>> PutAsync(
        string id, HttpRequest request, [AsParameters] DirectoryAdmin admin)
    {
        var (record, unreadable, invalid) = await AdminRequests.ReadAsync(request, AdminBody.Rule, IvrJsonContext.Default.RuleRecord, admin.Aborted).ConfigureAwait(false);
        if (record is null)
        {
            return invalid is not null ? invalid : unreadable!;
        }

        if (!string.IsNullOrWhiteSpace(record.RuleId) && record.RuleId.Trim() != id.Trim())
        {
            return AdminRequests.Invalid("rule_id", $"rule_id '{record.RuleId}' differs from the id in the path, '{id}'");
        }

        var rule = (record with { RuleId = id }).ToRule(out var error);
        if (rule is null)
        {
            return AdminRequests.Invalid(error!);
        }

        var snapshot = await admin.LoadAsync().ConfigureAwait(false);
        if (rule.Action != RuleAction.Block && snapshot.Find(rule.Department) is null)
        {
            return AdminRequests.Invalid("department", $"rule '{rule.Id}' names department '{rule.Department}', which does not exist");
        }

        var before = Find(snapshot, rule.Id);
        await admin.PutRuleAsync(rule, before).ConfigureAwait(false);
        var stored = RuleRecord.From(rule);
        return before is not null ? TypedResults.Ok(stored) : TypedResults.Created($"/rules/{Uri.EscapeDataString(rule.Id)}", stored);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, [AsParameters] DirectoryAdmin admin)
    {
        var snapshot = await admin.LoadAsync().ConfigureAwait(false);
        return Find(snapshot, id) is { } rule && await admin.DeleteRuleAsync(rule).ConfigureAwait(false)
            ? TypedResults.NoContent()
            : AdminRequests.NotFound($"rule '{id}'");
    }

    private static CallerRule? Find(DirectorySnapshot snapshot, string id) => snapshot.Rules.FirstOrDefault(r => r.Id == id);
}
