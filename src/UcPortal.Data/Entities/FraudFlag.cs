namespace UcPortal.Data.Entities;

/// <summary>A fraud signal that crossed its rule for a tenant: its outbound calls are blocked on the SIP core
/// until staff clear the flag. At most one open flag per tenant; cleared flags stay as its record.</summary>
public class FraudFlag
{
    public long Id { get; set; }
    public Guid TenantId { get; set; }

    /// <summary>The rule that was crossed (<c>FraudRules</c>: attempts, capacity, short-calls, international-minutes, spend).</summary>
    public string Rule { get; set; } = "";

    /// <summary>What was seen, in words for the customer and staff ("41 call attempts within 60 seconds (limit 40)").</summary>
    public string Detail { get; set; } = "";
    public DateTime RaisedAtUtc { get; set; }
    public DateTime? ClearedAtUtc { get; set; }
    public string? ClearedBy { get; set; }
    public string? ClearNote { get; set; }
}
