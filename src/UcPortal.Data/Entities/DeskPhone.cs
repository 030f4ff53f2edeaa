namespace UcPortal.Data.Entities;

/// <summary>A desk phone of the tenant, provisioned from a per-device URL with an unguessable token.</summary>
public class DeskPhone
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }

    /// <summary>12 upper-case hex digits, no separators.</summary>
    public string MacAddress { get; set; } = "";
    public string Model { get; set; } = "";
    public string Label { get; set; } = "";
    public string ProvisioningToken { get; set; } = "";
    public List<DeskPhoneLine> Lines { get; set; } = [];
    public DateTime CreatedAtUtc { get; set; }
    public DateTime? LastFetchedAtUtc { get; set; }
}

public class DeskPhoneLine
{
    public Guid DeskPhoneId { get; set; }
    public int Line { get; set; }
    public Guid ExtensionId { get; set; }
    public Extension? Extension { get; set; }
}
