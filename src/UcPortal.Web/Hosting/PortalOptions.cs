namespace UcPortal.Web.Hosting;

public sealed class PortalOptions
{
    public const string Section = "Portal";
    public string Name { get; set; } = "UcPortal";

    /// <summary>Base address used in links inside emails; when empty the address of the current request is used.</summary>
    public string PublicBaseUrl { get; set; } = "";

    /// <summary>Comma-separated addresses that get operational alerts (e.g. an empty trial pool).
    /// When empty, alerts go to every user with the Admin role.</summary>
    public string StaffAlertEmails { get; set; } = "";
}

public sealed class SipOptions
{
    public const string Section = "Sip";

    /// <summary>Each tenant gets a SIP domain below this one, e.g. <c>acme-7k2f.sip.ucportal.test</c>.</summary>
    public string BaseDomain { get; set; } = "sip.ucportal.test";

    /// <summary>The host name phones send their requests to (outbound proxy).</summary>
    public string ProxyHost { get; set; } = "sip.ucportal.test";
}

public sealed class DatabaseOptions
{
    public const string Section = "Database";
    public string Provider { get; set; } = UcPortal.Data.DatabaseProvider.Sqlite;
    public string DataFolder { get; set; } = "data";
    public string ConnectionString { get; set; } = "";

    /// <summary>Apply migrations when the portal starts. Default: yes for SQLite, no for PostgreSQL
    /// (production runs the <c>migrate</c> command explicitly).</summary>
    public bool? MigrateOnStartup { get; set; }
}
