namespace IvrApi.Settings;

/// <summary>The telephony side: <c>/sma</c>, <c>/lex-hook</c>, <c>/events</c>. The admin function turns it off.</summary>
public sealed class CallPathOptions
{
    public const string Section = "CallPath";

    public bool Enabled { get; set; } = true;
}
