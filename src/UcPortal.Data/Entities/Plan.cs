namespace UcPortal.Data.Entities;

/// <summary>A price plan. Prices are kept in minor units (cents) so SQLite can sort and compare them.</summary>
public class Plan
{
    public int Id { get; set; }
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string Tagline { get; set; } = "";
    public bool IsTrial { get; set; }
    public bool IsPublic { get; set; } = true;
    public int SortOrder { get; set; }
    public string Currency { get; set; } = "USD";
    public int MonthlyPriceCents { get; set; }
    public int Extensions { get; set; }
    public int ConcurrentCalls { get; set; }
    public int IncludedMinutes { get; set; }
    public int IncludedNumbers { get; set; }
    public int ExtraNumberPriceCents { get; set; }
    public bool InternationalCalling { get; set; }

    /// <summary>Extension and ring-group numbers allowed by the plan (inclusive).</summary>
    public int ExtensionNumberMin { get; set; } = 100;
    public int ExtensionNumberMax { get; set; } = 999;
    public bool SipTrunksAllowed { get; set; }

    /// <summary>Most a paid tenant's calls to the phone network may cost in one UTC day, in cents (0 = no cap).
    /// The SIP core cuts a call when the day's remainder runs out; staff can raise it per tenant.</summary>
    public int DailySpendCapCents { get; set; }

    /// <summary>A trial plan's call credit as money, in cents: calls to the phone network use it at their rated
    /// cost. 0 = the trial's credit is minutes (<c>Trial:CreditMinutes</c>). A plan gives one kind, never both.</summary>
    public int TrialCreditCents { get; set; }

    /// <summary>Retired by staff: no longer offered to anyone new (pricing, signup, checkout, plan change);
    /// tenants already on it keep it, and its Stripe prices stay active so their subscriptions renew.</summary>
    public DateTime? RetiredAtUtc { get; set; }

    /// <summary>Offered to new customers: public, paid or trial, not retired. (Not a column.)</summary>
    public bool IsOffered => IsPublic && RetiredAtUtc is null;

    // The payment provider's copies of this plan, written by the plan sync (null until synced).
    // They are found again by lookup key (see PlanLookupKeys), so a lost id never creates duplicates.
    public string? StripeProductId { get; set; }
    public string? StripePriceId { get; set; }
    public string? StripeExtraNumberPriceId { get; set; }
    /// <summary>Prices and limits as last synced; a changed price gets a new Stripe Price.</summary>
    public DateTime? StripeSyncedAtUtc { get; set; }
}
