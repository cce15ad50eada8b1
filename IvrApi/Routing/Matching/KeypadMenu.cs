using System.Text;
using IvrApi.Departments;

namespace IvrApi.Routing.Matching;

/// <summary>
/// The keypad menu a caller heard: the first nine departments in directory order get keys 1-9; departments beyond the
/// ninth have no key and are reached by saying their name, which the menu sentence then invites. The call carries the
/// menu it announced (in the bot session), so a key means what the caller was told even if the directory changes
/// during the call.
/// </summary>
public sealed record KeypadMenu(IReadOnlyList<string> Keys, bool MoreByName)
{
    public static readonly KeypadMenu Empty = new([], MoreByName: false);

    /// <summary>The menu of the directory as it is now.</summary>
    public static KeypadMenu Of(DirectorySnapshot directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var index = DirectoryIndex.For(directory);
        return new KeypadMenu(
            index.Departments.Take(index.KeyCount).Select(d => d.Name).ToArray(),
            MoreByName: index.Departments.Count > index.KeyCount);
    }

    /// <summary>
    /// The menu read in the caller's language: "Press 1 for science, 2 for art, 3 for history, or 4 for math.", "Oprima 1
    /// para ciencias, 2 para arte, 3 para historia o 4 para matemáticas." Each department is named as
    /// <paramref name="directory"/> names it in that language; one that has left the directory, or without a directory,
    /// by its English spoken name. Empty for an empty menu.
    /// </summary>
    public string Describe(CallLanguage language = CallLanguage.English, DirectorySnapshot? directory = null)
    {
        var spanish = language == CallLanguage.Spanish;
        var sentence = new StringBuilder();
        for (var key = 1; key <= Keys.Count; key++)
        {
            var last = key == Keys.Count && key > 1;

            // Spanish "o" becomes "u" before a word starting with an o sound: "o 8" is said "u ocho".
            var or = spanish ? (key == 8 ? "u " : "o ") : "or ";
            sentence.Append(key == 1 ? (spanish ? "Oprima " : "Press ") : !last ? ", " : Keys.Count == 2 || spanish ? " " + or : ", " + or)
                .Append(key)
                .Append(spanish ? " para " : " for ")
                .Append(directory?.Find(Keys[key - 1]) is { } department ? department.SpokenName(language) : DepartmentRules.Spoken(Keys[key - 1]));
        }

        if (Keys.Count > 0)
        {
            sentence.Append('.');
        }

        if (MoreByName)
        {
            sentence.Append(spanish
                ? (Keys.Count > 0 ? " Para cualquier otro departamento, diga su nombre." : "Diga el nombre del departamento.")
                : (Keys.Count > 0 ? " For any other department, say its name." : "Say the name of the department."));
        }

        return sentence.ToString();
    }

    /// <summary>
    /// The department keyed by the caller's digits (DTMF input transcript): one key 1-9 within the menu, surrounding
    /// spaces and a trailing '#' (the usual end key) tolerated. Anything else, 0 and * included, is no match: a miss;
    /// so is a key whose department has left the directory since the menu was said.
    /// </summary>
    public DepartmentMatch Select(string? digits, DirectorySnapshot directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var key = digits.AsSpan().Trim().TrimEnd('#').TrimEnd();
        return key.Length == 1 && key[0] is >= '1' and <= '9' && key[0] - '0' <= Keys.Count
            && directory.Find(Keys[key[0] - '1']) is { } department
            ? new DepartmentMatch.Matched(department)
            : DepartmentMatch.None;
    }

    /// <summary>The menu as one session attribute: names are single words, so spaces separate them; "+" marks more by name.</summary>
    public override string ToString() => string.Join(' ', MoreByName ? [.. Keys, "+"] : Keys);

    /// <summary>Reads <see cref="ToString"/>'s form; null for anything that is not a menu of valid names.</summary>
    public static KeypadMenu? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var more = words[^1] == "+";
        var keys = more ? words[..^1] : words;
        return keys.Length <= DirectoryIndex.MaxKeys && keys.All(DepartmentRules.IsValidName) ? new KeypadMenu(keys, more) : null;
    }
}
