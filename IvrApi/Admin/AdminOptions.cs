namespace IvrApi.Admin;

public sealed class AdminOptions
{
    public const string Section = "Admin";

    /// <summary>Serve the route admin API. Off by default: a call-path deployment has no admin API at all.</summary>
    public bool Enabled { get; set; }

    public AdminAccess Access { get; set; } = AdminAccess.Loopback;
}
