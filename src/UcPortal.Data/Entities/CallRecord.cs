namespace UcPortal.Data.Entities;

/// <summary>A call record imported from the SIP core's accounting, rated against the tenant's credit.</summary>
public class CallRecord
{
    public long Id { get; set; }
    public Guid TenantId { get; set; }

    /// <summary>The SIP core's record id: imports are idempotent by it.</summary>
    public long SourceId { get; set; }
    public string CallId { get; set; } = "";
    public CallDirection Direction { get; set; }
    public string FromNumber { get; set; } = "";
    public string ToNumber { get; set; } = "";
    public DateTime StartedAtUtc { get; set; }
    public int DurationSeconds { get; set; }
    public int BilledSeconds { get; set; }
    public string Disposition { get; set; } = "";

    /// <summary>Null for calls that never left the platform (internal, inbound to an extension).</summary>
    public DestinationClass? DestinationClass { get; set; }

    /// <summary>The rate table's prefix the call was rated by (null: free or no rate matched).</summary>
    public string? RatePrefix { get; set; }

    /// <summary>Price of the call in millionths of the currency unit (billed minutes x the prefix's per-minute price).</summary>
    public long CostMicros { get; set; }
}

public enum CallDirection { Internal = 1, Inbound = 2, Outbound = 3, Emergency = 4 }

/// <summary>What kind of number a call went to, from the tenant's country (UcPortal.Web's DestinationClasses).</summary>
public enum DestinationClass
{
    DomesticFixed = 1,
    DomesticMobile = 2,
    International = 3,
    PremiumRate = 4,
    SharedCost = 5,
    Satellite = 6,
    TollFree = 7,
    Emergency = 8,
}
