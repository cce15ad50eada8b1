using System.Text.RegularExpressions;
using IvrApi.Departments;

namespace IvrApi.Voicemail;

/// <summary>Where a department's messages are kept and what a message id may be: the one place for both.</summary>
public static partial class VoicemailRules
{
    public const int MaxLinkMinutes = 60;

    public const int MaxListed = 1000;

    /// <summary>S3 key prefix of a department's messages: <c>voicemail/&lt;department&gt;/</c>.</summary>
    public static string Prefix(string department) => $"voicemail/{department}/";

    public static string Key(string department, string messageId) => $"{Prefix(department)}{messageId}.wav";

    /// <summary>
    /// <c>&lt;yyyyMMddTHHmmssZ&gt;-&lt;Asterisk uniqueid, '.' as '-'&gt;</c>: letters, digits and '-' only, so an id can
    /// never climb out of its department's prefix or name another object.
    /// </summary>
    public static bool IsValidMessageId(string? id) => id is not null && MessageIdPattern().IsMatch(id);

    /// <summary>A department name as the PBX and the bucket spell it, or null.</summary>
    public static string? Department(string? name) =>
        name is not null && DepartmentRules.Normalize(name) is var canonical && DepartmentRules.IsValidName(canonical) ? canonical : null;

    /// <summary>The message id of a key under <paramref name="prefix"/>, or null for any other object.</summary>
    public static string? MessageIdOf(string key, string prefix) =>
        key.StartsWith(prefix, StringComparison.Ordinal) && key.EndsWith(".wav", StringComparison.Ordinal)
        && key[prefix.Length..^4] is var id && IsValidMessageId(id) ? id : null;

    [GeneratedRegex("^[0-9]{8}T[0-9]{6}Z-[A-Za-z0-9-]{1,64}$")]
    private static partial Regex MessageIdPattern();
}
