using IvrApi.Departments;

namespace IvrApi.Routing;

/// <summary>The one place that says what a valid rule is.</summary>
public static class CallerRules
{
    public const int MaxMessageLength = 500;

    public static CallerRule? TryCreate(
        string? id, int? order, string? callerPrefix, string? callerNumber, string? calledNumber, string? action, string? department, LocalizedText? message, out FieldError? error)
    {
        error = null;
        id = id?.Trim();
        if (string.IsNullOrEmpty(id) || id.Length > 64 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            error = new("rule_id", $"rule id '{id}' must be 1-64 letters, digits, '-' or '_'");
            return null;
        }

        callerPrefix = Blank(callerPrefix);
        callerNumber = Blank(callerNumber);
        calledNumber = Blank(calledNumber);
        if (callerPrefix is null && callerNumber is null && calledNumber is null)
        {
            error = new("caller_prefix", $"rule '{id}' needs at least one condition: caller_prefix, caller_number or called_number");
            return null;
        }

        if (callerPrefix is not null && !IsNumberPrefix(callerPrefix))
        {
            error = new("caller_prefix", $"rule '{id}': caller_prefix must be '+' and up to 15 digits");
            return null;
        }

        foreach (var (field, number) in new[] { ("caller_number", callerNumber), ("called_number", calledNumber) })
        {
            if (number is not null && !DepartmentRules.IsE164(number))
            {
                error = new(field, $"rule '{id}': {field} must be E.164");
                return null;
            }
        }

        RuleAction? kind = action?.Trim().ToLowerInvariant() switch
        {
            "route" => RuleAction.Route,
            "block" => RuleAction.Block,
            "prefer" => RuleAction.Prefer,
            _ => null,
        };
        if (kind is null)
        {
            error = new("action", $"rule '{id}': action '{action}' must be route, block or prefer");
            return null;
        }

        department = Blank(department) is { } named ? DepartmentRules.Normalize(named) : null;
        if (kind is RuleAction.Route or RuleAction.Prefer && (department is null || !DepartmentRules.IsValidName(department)))
        {
            error = new("department", $"rule '{id}': action {action} needs a department");
            return null;
        }

        if ((kind == RuleAction.Block && message is null) || message?.MaxLength > MaxMessageLength)
        {
            error = new("message", $"rule '{id}': block needs a message (in English, Spanish or both) of at most {MaxMessageLength} characters");
            return null;
        }

        return new CallerRule(id, order ?? 0, callerPrefix, callerNumber, calledNumber, kind.Value, department, message);
    }

    public static string ActionName(RuleAction action) => action.ToString().ToLowerInvariant();

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static bool IsNumberPrefix(string prefix) =>
        prefix.Length is >= 2 and <= 16 && prefix[0] == '+' && prefix.AsSpan(1).IndexOfAnyExceptInRange('0', '9') < 0;
}
