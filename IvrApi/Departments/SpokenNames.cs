namespace IvrApi.Departments;

/// <summary>
/// What callers of one language call a department: its spoken name ("historia") and other words for it. Canonical:
/// trimmed, lower case, accents kept as given (the matcher forgives their absence).
/// </summary>
public sealed record SpokenNames(string Name, IReadOnlyList<string> Synonyms);
