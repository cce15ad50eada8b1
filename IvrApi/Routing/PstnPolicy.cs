using IvrApi.Departments;

namespace IvrApi.Routing;

/// <summary>
/// The toll-fraud guard: the PSTN numbers a call may be bridged to. A number must start with one of the allowed
/// E.164 prefixes (<c>Routing:PstnAllowedPrefixes</c>, by default +1), not with a denied one
/// (<c>Routing:PstnDeniedPrefixes</c>, by default the NANP's non-US, non-Canadian area codes), and never with a
/// premium-rate prefix. Checked when a route is written, on every directory read (a row written past the admin API
/// sends callers to the operator rather than to the number), and on a destination a call remembers.
/// </summary>
public sealed class PstnPolicy
{
    /// <summary>
    /// Premium-rate ranges refused whatever is allowed: NANP 900 and 976 (North American Numbering Plan
    /// Administrator, "900 NXX codes"), UK 09 and 0871-0873 (Ofcom, "Numbering: premium rate services").
    /// </summary>
    public static readonly IReadOnlyList<string> PremiumRatePrefixes = ["+1900", "+1976", "+449", "+44871", "+44872", "+44873"];

    /// <summary>
    /// Area codes of the North American Numbering Plan's members other than the US (its territories included) and
    /// Canada (NANPA, "Area codes by location"): +1 numbers charged as international calls. Anguilla 264, Antigua and
    /// Barbuda 268, Bahamas 242, Barbados 246, Bermuda 441, British Virgin Islands 284, Cayman Islands 345, Dominica 767,
    /// Dominican Republic 809/829/849, Grenada 473, Jamaica 876/658, Montserrat 664, Sint Maarten 721, Saint Kitts and
    /// Nevis 869, Saint Lucia 758, Saint Vincent and the Grenadines 784, Trinidad and Tobago 868, Turks and Caicos 649.
    /// </summary>
    public static readonly IReadOnlyList<string> InternationalNanpPrefixes =
    [
        "+1242", "+1246", "+1264", "+1268", "+1284", "+1345", "+1441", "+1473", "+1649", "+1658", "+1664", "+1721",
        "+1758", "+1767", "+1784", "+1809", "+1829", "+1849", "+1868", "+1869", "+1876",
    ];

    private readonly string[] allowed;
    private readonly string[] denied;

    public PstnPolicy(string allowedPrefixes, string? deniedPrefixes = null)
    {
        allowed = ParsePrefixes(allowedPrefixes);
        denied = deniedPrefixes is null ? [.. InternationalNanpPrefixes]
            : string.IsNullOrWhiteSpace(deniedPrefixes) ? []
            : TryParsePrefixes(deniedPrefixes) ?? throw new ArgumentException($"Routing:PstnDeniedPrefixes '{deniedPrefixes}' must be comma-separated '+' and digits.", nameof(deniedPrefixes));
    }

    public static PstnPolicy From(RoutingOptions options) => new(options.PstnAllowedPrefixes, options.PstnDeniedPrefixes);

    /// <summary>Comma-separated prefixes, each '+' and 1-15 digits; null when one is not.</summary>
    public static string[]? TryParsePrefixes(string? text)
    {
        var prefixes = (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return prefixes.Length > 0 && prefixes.All(p => p.Length is >= 2 and <= 16 && p[0] == '+' && p.AsSpan(1).IndexOfAnyExceptInRange('0', '9') < 0)
            ? prefixes
            : null;
    }

    public bool Allows(string number) =>
        allowed.Any(p => number.StartsWith(p, StringComparison.Ordinal))
        && !denied.Any(p => number.StartsWith(p, StringComparison.Ordinal))
        && !PremiumRatePrefixes.Any(p => number.StartsWith(p, StringComparison.Ordinal));

    /// <summary>The first PSTN destination of <paramref name="department"/> that may not be called, as a field error.</summary>
    public FieldError? Check(Department department)
    {
        if (department.Service == DepartmentService.PstnNumber && !Allows(department.Number))
        {
            return Refused("number", department.Number);
        }

        return department.Hours?.AfterHours is AfterHours.ToPstn pstn && !Allows(pstn.Number) ? Refused("hours.after_hours", pstn.Number) : null;
    }

    /// <summary>
    /// The department as calls may use it: a refused number is replaced by the operator's route, a refused
    /// after-hours number by the operator.
    /// </summary>
    public Department Enforce(Department department, OperatorRouteOptions operatorRoute)
    {
        if (department.Hours is { AfterHours: AfterHours.ToPstn pstn } hours && !Allows(pstn.Number))
        {
            department = department with { Hours = hours with { AfterHours = new AfterHours.ToOperator() } };
        }

        return department.Service == DepartmentService.PstnNumber && !Allows(department.Number)
            ? department with { Service = DepartmentRules.ParseService(operatorRoute.Service) ?? DepartmentService.VoiceConnector, Number = operatorRoute.Number }
            : department;
    }

    private FieldError Refused(string field, string number) => new(
        field,
        $"number '{number}' is not an allowed PSTN destination: it must start with {string.Join(" or ", allowed)} (Routing:PstnAllowedPrefixes), not with a denied prefix (Routing:PstnDeniedPrefixes: by default the NANP's area codes outside the US and Canada, charged as international calls) and not with a premium-rate prefix ({string.Join(", ", PremiumRatePrefixes)})");

    private static string[] ParsePrefixes(string text) =>
        TryParsePrefixes(text) ?? throw new ArgumentException($"Routing:PstnAllowedPrefixes '{text}' must be comma-separated '+' and digits.", nameof(text));
}
