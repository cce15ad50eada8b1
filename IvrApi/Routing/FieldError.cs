namespace IvrApi.Routing;

/// <summary>
/// Why stored or submitted data cannot be used, and the field it is about, named as it is stored
/// (<c>number</c>, <c>hours.after_hours</c>): the admin API answers with it, the stores log it.
/// </summary>
public sealed record FieldError(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}
