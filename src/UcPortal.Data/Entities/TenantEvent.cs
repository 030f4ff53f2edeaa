namespace UcPortal.Data.Entities;

/// <summary>One line of a tenant's history (signup, provisioning, emails, staff actions), with its cause.</summary>
public class TenantEvent
{
    public long Id { get; set; }
    public Guid TenantId { get; set; }
    public DateTime AtUtc { get; set; }
    public string Kind { get; set; } = "";
    public string Message { get; set; } = "";
    public string Actor { get; set; } = "";
}
