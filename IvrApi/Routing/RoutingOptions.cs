namespace IvrApi.Routing;

public sealed class RoutingOptions
{
    public const string Section = "Routing";

    /// <summary>How many times a caller is asked again after a miss; the next miss goes to the operator (the sample's 2).</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>Where callers go when the bot cannot place them.</summary>
    public OperatorRouteOptions Operator { get; set; } = new();

    /// <summary>How long a bridged destination may ring (CallAndBridge allows 1-120 s).</summary>
    public int BridgeTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// Comma-separated E.164 prefixes a PSTN route may call (<see cref="PstnPolicy"/>): the deployed number's country,
    /// +1 (the stack runs in US Regions). A comma-separated text, because binding a list would append to a default.
    /// </summary>
    public string PstnAllowedPrefixes { get; set; } = "+1";

    /// <summary>
    /// Comma-separated E.164 prefixes refused although allowed: by default the area codes of the North American
    /// Numbering Plan's members other than the US and Canada (<see cref="PstnPolicy.InternationalNanpPrefixes"/>),
    /// dialled as +1 but charged at international rates and the classic toll-fraud destinations. Empty refuses none
    /// of them (premium-rate numbers stay refused whatever this says).
    /// </summary>
    public string PstnDeniedPrefixes { get; set; } = string.Join(",", PstnPolicy.InternationalNanpPrefixes);
}
