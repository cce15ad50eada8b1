namespace IvrApi.Agents;

/// <summary>
/// A person who answers calls: their own SIP identity (<see cref="Id"/>, which they sign in as) for the departments
/// they serve. Canonical: the id trimmed and lower case, departments and languages canonical and distinct.
/// </summary>
public sealed record Agent(string Id, string DisplayName, IReadOnlyList<string> Departments, IReadOnlyList<string> Languages);
