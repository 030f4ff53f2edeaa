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
}

public enum CallDirection { Internal = 1, Inbound = 2, Outbound = 3 }
