using System.Collections.Frozen;
using IvrApi.Routing;

namespace IvrApi.Departments;

/// <summary>
/// A routable department. <see cref="Name"/> is canonical (trimmed, lower case), the key everything else uses (the
/// PBX, rules, X-LexInfo), and also its English spoken name; <see cref="Synonyms"/> are English.
/// </summary>
public sealed record Department(string Name, DepartmentService Service, string Number)
{
    private static readonly IReadOnlyDictionary<CallLanguage, SpokenNames> NoNames = FrozenDictionary<CallLanguage, SpokenNames>.Empty;

    /// <summary>Other words callers use for it ("mathematics" for math); canonical like the name.</summary>
    public IReadOnlyList<string> Synonyms { get; init; } = [];

    /// <summary>Names in the languages other than English ("historia" for Spanish callers); English is the name itself.</summary>
    public IReadOnlyDictionary<CallLanguage, SpokenNames> Names { get; init; } = NoNames;

    /// <summary>
    /// How callers of <paramref name="language"/> hear it named ("historia", "customer service"). A department with no
    /// name in that language is said by its English one, like a proper name.
    /// </summary>
    public string SpokenName(CallLanguage language) =>
        language != CallLanguage.English && Names.TryGetValue(language, out var names) ? names.Name : DepartmentRules.Spoken(Name);

    /// <summary>The name and synonyms stored in <paramref name="language"/> alone (English: the name and <see cref="Synonyms"/>).</summary>
    public IReadOnlyList<string> Terms(CallLanguage language) =>
        language == CallLanguage.English ? [Name, .. Synonyms]
        : Names.TryGetValue(language, out var names) ? [names.Name, .. names.Synonyms]
        : [];

    /// <summary>Opening hours; none means always open.</summary>
    public OpeningHours? Hours { get; init; }

    /// <summary>Where it stands in the directory's order when the store has no order of its own (a table).</summary>
    public int? Position { get; init; }

    /// <summary>The longest a caller waits in this department's PBX queue before voicemail; none means the PBX default.</summary>
    public int? MaxWaitSeconds { get; init; }
}
