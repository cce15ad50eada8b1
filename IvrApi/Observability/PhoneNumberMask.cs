namespace IvrApi.Observability;

/// <summary>Phone numbers are personal data: logs keep the country code and the last two digits only.</summary>
public static class PhoneNumberMask
{
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
