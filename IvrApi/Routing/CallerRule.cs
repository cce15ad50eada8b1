namespace IvrApi.Routing;

/// <summary>
/// A rule evaluated before the bot, in <see cref="Order"/>: every condition given must hold (caller number prefix or
/// exact caller number, and the dialled number when several numbers reach the same SIP media application).
/// </summary>
public sealed record CallerRule(
    string Id,
    int Order,
    string? CallerPrefix,
    string? CallerNumber,
    string? CalledNumber,
    RuleAction Action,
    string? Department,
    LocalizedText? Message)
{
    public bool Matches(string? caller, string? called) =>
        (CallerPrefix is null || (caller?.StartsWith(CallerPrefix, StringComparison.Ordinal) ?? false))
        && (CallerNumber is null || caller == CallerNumber)
        && (CalledNumber is null || called == CalledNumber);
}
