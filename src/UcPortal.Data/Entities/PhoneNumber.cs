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

    /// <summary>Who holds the number while choosing it (decision 032): <c>t:&lt;tenant id&gt;</c>,
    /// <c>s:&lt;trial signup id&gt;</c> or <c>v:&lt;visitor token&gt;</c>; meaningful only while
    /// <see cref="HeldUntilUtc"/> is in the future. Taken with a conditional UPDATE, so one holder wins.</summary>
    public string? HeldBy { get; set; }
    public DateTime? HeldUntilUtc { get; set; }

    /// <summary>The number's characters reversed (0010555212+ for +12125550100), so "ends in 00" is a
    /// prefix search on an index. Computed from <see cref="E164"/> whenever the row is saved.</summary>
    public string E164Reversed
    {
        get => new([.. E164.Reverse()]);
        private set { }
    }

    public bool IsHeldByOtherThan(string? holder, DateTime nowUtc) => HeldUntilUtc > nowUtc && HeldBy != holder;
}

/// <summary>Local (geographic fixed line), mobile, toll-free (free to the caller), national
/// (non-geographic, one number for the whole country such as China's 400 or the UK's 03).</summary>
public enum NumberType { Local = 1, TollFree = 2, Mobile = 3, National = 4 }

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
