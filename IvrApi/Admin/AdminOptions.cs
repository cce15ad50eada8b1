namespace IvrApi.Admin;

public sealed class AdminOptions
{
    public const string Section = "Admin";

    /// <summary>Serve the route admin API. Off by default: a call-path deployment has no admin API at all.</summary>
    public bool Enabled { get; set; }

    public AdminAccess Access { get; set; } = AdminAccess.Loopback;

    /// <summary>
    /// The port of the admin API's own listener on 127.0.0.1 in Loopback mode. The service's port (5000) never serves
    /// it: a reverse proxy in front of the service, which makes remote requests arrive from loopback, cannot reach the
    /// admin API unless someone points it at this port on purpose.
    /// </summary>
    public int LoopbackPort { get; set; } = 5001;
}
