namespace IvrApi.Observability;

/// <summary>Phone numbers are personal data: logs keep the country code and the last two digits only.</summary>
public static partial class PhoneNumberMask
{
    /// <summary>
    /// Free text (an error message from AWS, which may quote our answer back) with every run of 7 to 15 digits, with or
    /// without a leading '+', masked like a phone number.
    /// </summary>
    public static string MaskText(string? text) =>
        string.IsNullOrEmpty(text) ? "" : DigitRun().Replace(text, m => Mask(m.Value));

    [System.Text.RegularExpressions.GeneratedRegex(@"\+?(?<![0-9])[0-9]{7,15}(?![0-9])")]
    private static partial System.Text.RegularExpressions.Regex DigitRun();

    public static string Mask(string? number)
    {
        if (string.IsNullOrEmpty(number))
        {
            return "";
        }

        var keepStart = number.StartsWith('+') ? 2 : 0;
        if (number.Length <= keepStart + 2)
        {
            return new string('*', number.Length);
        }

        return string.Concat(number.AsSpan(0, keepStart), new string('*', number.Length - keepStart - 2), number.AsSpan(number.Length - 2));
    }
}
