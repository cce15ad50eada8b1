using System.Text;

namespace IvrApi.Routing.Matching;

/// <summary>
/// The keypad menu: the first nine departments in directory order get keys 1-9. Departments beyond the ninth have no
/// key and are reached by saying their name, which the menu sentence then invites.
/// </summary>
public static class KeypadMenu
{
    /// <summary>"Press 1 for science, 2 for art, 3 for history, or 4 for math." Empty for an empty directory.</summary>
    public static string Describe(DirectorySnapshot directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var index = DirectoryIndex.For(directory);
        var sentence = new StringBuilder();
        for (var key = 1; key <= index.KeyCount; key++)
        {
            sentence.Append(key == 1 ? "Press " : key < index.KeyCount ? ", " : index.KeyCount == 2 ? " or " : ", or ")
                .Append(key)
                .Append(" for ")
                .Append(DepartmentRules.Spoken(index.Departments[key - 1].Name));
        }

        if (index.KeyCount > 0)
        {
            sentence.Append('.');
        }

        if (index.Departments.Count > index.KeyCount)
        {
            sentence.Append(" For any other department, say its name.");
        }

        return sentence.ToString();
    }

    /// <summary>
    /// The department keyed by the caller's digits (DTMF input transcript): one key 1-9 within the menu, surrounding
    /// spaces and a trailing '#' (the usual end key) tolerated. Anything else, 0 and * included, is no match: a miss.
    /// </summary>
    public static DepartmentMatch Select(string? digits, DirectorySnapshot directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var key = digits.AsSpan().Trim().TrimEnd('#').TrimEnd();
        var index = DirectoryIndex.For(directory);
        return key.Length == 1 && key[0] is >= '1' and <= '9' && key[0] - '0' <= index.KeyCount
            ? index.Matched(key[0] - '1')
            : DepartmentMatch.None;
    }
}
