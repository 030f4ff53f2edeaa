namespace UcPortal.Data.Entities;

/// <summary>One event received from the payment provider (a Stripe webhook or the test-mode
/// checkout). The unique event id makes each event apply at most once.</summary>
public class BillingEvent
{
    public long Id { get; set; }
    /// <summary>The provider's event id (evt_… for Stripe).</summary>
    public string EventId { get; set; } = "";
    /// <summary>"stripe" or "test".</summary>
    public string Provider { get; set; } = "";
    public string Type { get; set; } = "";
    public DateTime ReceivedAtUtc { get; set; }
    public Guid? TenantId { get; set; }
    /// <summary>The id of the object the event is about (session, invoice or subscription).</summary>
    public string? ObjectId { get; set; }
    /// <summary>What applying it did: "applied", "ignored: …", "no tenant: …".</summary>
    public string Outcome { get; set; } = "";
}

/// <summary>A provider invoice of a tenant, stored from invoice events and reconciliation.</summary>
public class BillingInvoice
{
    public long Id { get; set; }
    public string ProviderInvoiceId { get; set; } = "";
    public Guid TenantId { get; set; }
    public string Number { get; set; } = "";
    public DateTime CreatedAtUtc { get; set; }
    public long AmountCents { get; set; }
    public string Currency { get; set; } = "USD";
    /// <summary>paid, open, uncollectible, void.</summary>
    public string Status { get; set; } = "";
    public string? PdfUrl { get; set; }
    public string? HostedUrl { get; set; }
    public DateTime? PeriodEndUtc { get; set; }
}

/// <summary>A checkout a tenant started. The idempotency key comes from the form the user
/// submitted, so a double click finds this row (unique key) and reuses its session.</summary>
public class BillingCheckout
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public int PlanId { get; set; }
    public Plan? Plan { get; set; }
    public int ExtraNumbers { get; set; }
    public string IdempotencyKey { get; set; } = "";
    public string? ProviderSessionId { get; set; }
    public string? Url { get; set; }
    public CheckoutStatus Status { get; set; }
    /// <summary>Why the payment was declined, shown on the return page.</summary>
    public string? FailureMessage { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public DateTime? CompletedAtUtc { get; set; }
}

public enum CheckoutStatus { Open = 1, Completed = 2, Declined = 3, Expired = 4 }

/// <summary>The built-in test-mode provider's own subscriptions: what Stripe would hold, kept
/// locally so the embedded default can run the whole conversion and lifecycle without keys.</summary>
public class TestModeSubscription
{
    public string Id { get; set; } = "";
    public string CustomerId { get; set; } = "";
    public Guid TenantId { get; set; }
    public int PlanId { get; set; }
    public int ExtraNumbers { get; set; }
    public string Status { get; set; } = "active";
    public DateTime CurrentPeriodStartUtc { get; set; }
    public DateTime CurrentPeriodEndUtc { get; set; }
    public bool CancelAtPeriodEnd { get; set; }
    public DateTime CreatedAtUtc { get; set; }
}
