namespace UcPortal.Data.Entities;

/// <summary>A SIP extension of a tenant. The password is kept encrypted (Data Protection) so the
/// owner can reveal it, and as the HA1 digest the SIP core authenticates against.</summary>
public class Extension
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Tenant? Tenant { get; set; }
    public string Number { get; set; } = "";
    public string Name { get; set; } = "";
    public string SipUsername { get; set; } = "";
    public string SipPasswordProtected { get; set; } = "";
    public string Ha1 { get; set; } = "";
    public DateTime CreatedAtUtc { get; set; }
}
