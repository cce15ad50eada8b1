using System.Text.Json.Serialization;
using IvrApi.Routing;

namespace IvrApi.Departments.Storage;

/// <summary>A caller rule as stored (rules file, rules table, admin API); <c>message</c> is a string (English) or texts by language.</summary>
public sealed record RuleRecord(
    [property: JsonPropertyName("rule_id")] string? RuleId,
    [property: JsonPropertyName("order")] int? Order,
    [property: JsonPropertyName("caller_prefix"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CallerPrefix,
    [property: JsonPropertyName("caller_number"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CallerNumber,
    [property: JsonPropertyName("called_number"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CalledNumber,
    [property: JsonPropertyName("action")] string? Action,
    [property: JsonPropertyName("department"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Department,
    [property: JsonPropertyName("message"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] MessageRecord? Message)
{
    public CallerRule? ToRule(out FieldError? error)
    {
        error = null;
        var message = Message?.ToText("message", out error);
        return error is not null ? null : CallerRules.TryCreate(RuleId, Order, CallerPrefix, CallerNumber, CalledNumber, Action, Department, message, out error);
    }

    public static RuleRecord From(CallerRule rule) => new(
        rule.Id, rule.Order, rule.CallerPrefix, rule.CallerNumber, rule.CalledNumber, CallerRules.ActionName(rule.Action), rule.Department, MessageRecord.From(rule.Message));
}
