namespace IvrApi.Sma;

/// <summary>
/// Makes a value safe for a SIP header: printable ASCII token characters and spaces only (no CR/LF, controls,
/// quotes or separators that could end or extend the header), trimmed and bounded. Anything else becomes the fallback.
/// </summary>
public static class SipHeaderValue
{
    public const int MaxLength = 64;

    public static string Sanitize(string? value, string fallback)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > MaxLength)
        {
            return fallback;
        }

        var trimmed = value.Trim();
        foreach (var c in trimmed)
        {
            if (!IsAllowed(c))
            {
                return fallback;
            }
        }

        return trimmed;
    }

    // RFC 3261 token characters, plus space inside the value.
    private static bool IsAllowed(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is ' ' or '-' or '.' or '!' or '%' or '*' or '_' or '+' or '`' or '\'' or '~';
}
