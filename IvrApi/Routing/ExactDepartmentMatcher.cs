namespace IvrApi.Routing;

/// <summary>Matches a department's name or one of its synonyms, ignoring case and surrounding white space.</summary>
public sealed class ExactDepartmentMatcher : IDepartmentMatcher
{
    public DepartmentMatch Match(string? heard, DirectorySnapshot directory)
    {
        if (string.IsNullOrWhiteSpace(heard))
        {
            return DepartmentMatch.None;
        }

        var key = DepartmentRules.Normalize(heard);
        var byName = directory.Find(key);
        if (byName is not null)
        {
            return new DepartmentMatch.Matched(byName);
        }

        var bySynonym = directory.Departments.Where(d => d.Synonyms.Contains(key)).ToArray();
        return bySynonym.Length switch
        {
            0 => DepartmentMatch.None,
            1 => new DepartmentMatch.Matched(bySynonym[0]),
            _ => new DepartmentMatch.Ambiguous(bySynonym),
        };
    }
}
