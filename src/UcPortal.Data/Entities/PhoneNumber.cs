namespace UcPortal.Data.Entities;

/// <summary>A phone number (DID) of the inventory and, when assigned, of one tenant.</summary>
public class PhoneNumber
{
    public int Id { get; set; }
    public string E164 { get; set; } = "";
    public string Country { get; set; } = "";
    public string Region { get; set; } = "";
    public string City { get; set; } = "";
    public NumberType Type { get; set; }
    public NumberPool Pool { get; set; }
    public NumberStatus Status { get; set; }
    public Guid? TenantId { get; set; }
    public Tenant? Tenant { get; set; }
    public DateTime? AssignedAtUtc { get; set; }
    public DateTime? QuarantinedUntilUtc { get; set; }

    /// <summary>Where the owning tenant uses the number (one line, recorded by the tenant), sent with
    /// emergency calls that present it; cleared when the number leaves the tenant.</summary>
    public string? EmergencyAddress { get; set; }

    /// <summary>What the number costs us a month at the carrier, in cents (from the inventory import).</summary>
    public int MonthlyCostCents { get; set; }
}

public enum NumberType { Local = 1, TollFree = 2 }

public enum NumberPool { Trial = 1, Paid = 2 }

public enum NumberStatus
{
    Available = 1,
    Reserved = 2,
    Assigned = 3,
    Quarantined = 4,
    /// <summary>Taken out of service by staff (given back to the carrier): never offered again.</summary>
    Retired = 5,
}
