namespace IvrApi.Routing;

/// <summary>The caller's answer to a "Did you say …?" question.</summary>
public enum Confirmation
{
    None,
    Confirmed,
    Denied,
}
