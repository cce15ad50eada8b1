using System.Text.RegularExpressions;
using IvrApi.Routing;

namespace IvrApi.Departments;

/// <summary>The one place that says what a valid department, name and number are.</summary>
public static partial class DepartmentRules
{
    // The PBX puts names in its dialplan (extensions and prompt file names) and the deploy project in a space-separated
    // list, so a name is one lower-case word; callers' other words for it are synonyms.
    public const int MaxNameLength = 32;

    public const int MaxSynonymLength = 64;

    /// <summary>Every synonym becomes a slot value the bot must tell apart; a handful per department is plenty.</summary>
    public const int MaxSynonyms = 20;

    /// <summary>A department queue's longest wait: long enough for an agent to answer, short of a caller giving up unheard.</summary>
    public const int MinMaxWaitSeconds = 30;

    public const int MaxMaxWaitSeconds = 3600;

    // Names the PBX's dialplan keeps for itself: the operator's "unknown" and Asterisk's special extensions.
    private static readonly string[] ReservedNames = ["unknown", "fax", "talk"];

    /// <summary>Canonical form of a department name or spoken value: trimmed, lower case.</summary>
    public static string Normalize(string value) => value.Trim().ToLowerInvariant();

    /// <summary>Builds a department from stored text, or says why it cannot be routed.</summary>
    public static Department? TryCreate(string? name, string? service, string? number, IEnumerable<string>? synonyms, out FieldError? error)
    {
        var canonical = name is null ? "" : Normalize(name);
        if (!IsValidName(canonical))
        {
            error = new("department_name", $"department name '{name}' must be 2-{MaxNameLength} lower-case letters, digits or '_', starting with a letter, and not {string.Join(", ", ReservedNames)}");
            return null;
        }

        var kind = ParseService(service);
        if (kind is null)
        {
            error = new("service", $"service '{service}' of '{canonical}' must be 'voiceConnector' or 'pstnNumber'");
            return null;
        }

        number = number?.Trim();
        if (!IsValidNumber(kind.Value, number))
        {
            error = new("number", kind == DepartmentService.PstnNumber
                ? $"number '{number}' of '{canonical}' must be E.164 (+ and 2-15 digits)"
                : $"number '{number}' of '{canonical}' must be 1-30 characters from a-z A-Z 0-9 & = + $ / % - _ ! ~ * ( ) .");
            return null;
        }

        var given = synonyms?.ToArray() ?? [];
        if (given.Length > MaxSynonyms || given.Any(s => s is null || s.Trim().Length > MaxSynonymLength))
        {
            error = new("synonyms", $"synonyms of '{canonical}' must be at most {MaxSynonyms}, each at most {MaxSynonymLength} characters");
            return null;
        }

        error = null;
        return new Department(canonical, kind.Value, number!)
        {
            Synonyms = given.Select(Normalize).Where(IsValidSynonym).Distinct(StringComparer.Ordinal).ToArray(),
        };
    }

    /// <summary>Why a department's <c>max_wait_seconds</c> cannot be used; none when it is unset (the PBX default) or in range.</summary>
    public static FieldError? CheckMaxWait(string name, int? seconds) =>
        seconds is < MinMaxWaitSeconds or > MaxMaxWaitSeconds
            ? new("max_wait_seconds", $"max_wait_seconds of '{name}' must be {MinMaxWaitSeconds} to {MaxMaxWaitSeconds}, or left out for the PBX's default")
            : null;

    /// <summary>How a name is said: "customer_service" is spoken as "customer service".</summary>
    public static string Spoken(string name) => name.Replace('_', ' ');

    /// <summary>The stored names of a service: <c>voiceConnector</c>, <c>pstnNumber</c>.</summary>
    public static DepartmentService? ParseService(string? service) => service switch
    {
        "voiceConnector" => DepartmentService.VoiceConnector,
        "pstnNumber" => DepartmentService.PstnNumber,
        _ => null,
    };

    public static string ServiceName(DepartmentService service) =>
        service == DepartmentService.PstnNumber ? "pstnNumber" : "voiceConnector";

    /// <summary>
    /// A department's name and synonyms in another language (<paramref name="language"/>), under the same caps as the
    /// English ones: the spoken name at most <see cref="MaxNameLength"/> characters (the keypad menu's speech limit
    /// holds for it too), at most <see cref="MaxSynonyms"/> synonyms of <see cref="MaxSynonymLength"/>. Spoken words
    /// may carry accents ("matemáticas"); each must be a valid spoken term.
    /// </summary>
    public static SpokenNames? TryCreateNames(string department, CallLanguage language, string? name, IEnumerable<string?>? synonyms, out FieldError? error)
    {
        var field = $"names.{language.Code}";
        var canonical = name is null ? "" : Normalize(name);
        if (canonical.Length > MaxNameLength || !IsValidSpokenTerm(canonical))
        {
            error = new($"{field}.name", $"the {language} name '{name}' of '{department}' must be 1-{MaxNameLength} letters (accents allowed), digits, spaces, '-', '_' or apostrophes, starting with a letter or digit");
            return null;
        }

        var given = synonyms?.ToArray() ?? [];
        if (given.Length > MaxSynonyms || given.Any(s => s is null || s.Trim().Length > MaxSynonymLength))
        {
            error = new($"{field}.synonyms", $"{language} synonyms of '{department}' must be at most {MaxSynonyms}, each at most {MaxSynonymLength} characters");
            return null;
        }

        if (given.Select(s => Normalize(s!)).FirstOrDefault(s => !IsValidSpokenTerm(s)) is { } bad)
        {
            error = new($"{field}.synonyms", $"{language} synonym '{bad}' of '{department}' must be letters (accents allowed), digits, spaces, '-', '_' or apostrophes");
            return null;
        }

        error = null;
        return new SpokenNames(canonical, given.Select(s => Normalize(s!)).Where(s => s != canonical).Distinct(StringComparer.Ordinal).ToArray());
    }

    public static bool IsValidName(string canonical) =>
        canonical.Length <= MaxNameLength && NamePattern().IsMatch(canonical) && !ReservedNames.Contains(canonical);

    /// <summary>A synonym is what a caller says: words with spaces, '-', '_' or apostrophes.</summary>
    public static bool IsValidSynonym(string canonical) =>
        canonical.Length is > 0 and <= MaxSynonymLength && SynonymPattern().IsMatch(canonical);

    /// <summary>A name or synonym in another language: like a synonym, with any lower-case letter ("historia del arte", "química").</summary>
    public static bool IsValidSpokenTerm(string canonical) =>
        canonical.Length is > 0 and <= MaxSynonymLength && SpokenTermPattern().IsMatch(canonical);

    /// <summary>PSTN numbers are E.164; Voice Connector numbers become the Request-URI user part (CallAndBridge rules).</summary>
    public static bool IsValidNumber(DepartmentService service, string? number) =>
        number is not null && (service == DepartmentService.PstnNumber ? IsE164(number) : VoiceConnectorUriPattern().IsMatch(number));

    public static bool IsE164(string? number) => number is not null && E164Pattern().IsMatch(number);

    [GeneratedRegex("^[a-z][a-z0-9_]+$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9 '_-]*$")]
    private static partial Regex SynonymPattern();

    [GeneratedRegex(@"^[\p{Ll}0-9][\p{Ll}0-9 '_-]*$")]
    private static partial Regex SpokenTermPattern();

    [GeneratedRegex(@"^\+[1-9][0-9]{1,14}$")]
    private static partial Regex E164Pattern();

    [GeneratedRegex(@"^[a-zA-Z0-9&=+$/%\-_!~*().]{1,30}$")]
    private static partial Regex VoiceConnectorUriPattern();
}
