using System.Diagnostics.CodeAnalysis;

namespace UcPortal.Data.Entities;

/// <summary>A customer organisation. It owns one SIP domain; its id equals the id of the trial
/// signup that created it, which makes provisioning idempotent through the primary key.</summary>
public class Tenant
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public string SipDomain { get; set; } = "";
    public TenantStatus Status { get; set; }
    public int PlanId { get; set; }
    public Plan? Plan { get; set; }
    public string Country { get; set; } = "";

    /// <summary>The mobile number verified at signup (E.164): the only off-net destination a trial may call.</summary>
    public string VerifiedMobileE164 { get; set; } = "";

    public DateTime CreatedAtUtc { get; set; }
    public DateTime? TrialExpiresAtUtc { get; set; }
    /// <summary>Trial credit as minutes (in seconds), used by the billed minutes of calls to and from the phone network.
    /// 0 when the trial's plan gives money instead (<see cref="TrialCreditCents"/>).</summary>
    public int TrialCreditSeconds { get; set; }
    public int UsedCreditSeconds { get; set; }

    /// <summary>Trial credit as money, in cents, used by the rated cost of calls to the phone network
    /// (<see cref="CallRecord.CostMicros"/>). 0 when the credit is minutes.</summary>
    public int TrialCreditCents { get; set; }

    /// <summary>Rated cost of the calls that used the money credit, in millionths of the currency unit.</summary>
    public long UsedCreditMicros { get; set; }
    public int MaxConcurrentCalls { get; set; }

    /// <summary>IANA time zone of the tenant's offices; the default for new schedules.</summary>
    public string TimeZone { get; set; } = "UTC";
    public bool InternationalCallsAllowed { get; set; }

    /// <summary>Premium-rate and satellite destinations, refused on every plan unless staff allow
    /// them for this tenant (a staff action, in the tenant's history).</summary>
    public bool PremiumDestinationsAllowed { get; set; }

    /// <summary>A daily spending cap staff set for this tenant instead of its plan's (cents); null = the plan's.</summary>
    public int? DailySpendCapCents { get; set; }

    // Billing: the payment provider's objects (Stripe, or the built-in test mode), kept up to date
    // by webhooks and the nightly reconciliation. Null while the tenant is a trial.
    public string? BillingCustomerId { get; set; }
    public string? SubscriptionId { get; set; }
    /// <summary>The provider's subscription status as last seen (active, past_due, canceled, …).</summary>
    public string? SubscriptionStatus { get; set; }
    public DateTime? CurrentPeriodStartUtc { get; set; }
    /// <summary>End of the period paid for; extended by each paid invoice.</summary>
    public DateTime? PaidThroughUtc { get; set; }
    public bool CancelAtPeriodEnd { get; set; }
    /// <summary>Numbers bought on top of the plan's included ones (a subscription item's quantity).</summary>
    public int ExtraNumbers { get; set; }

    // Lifecycle: when each step of the suspension ladder started, so jobs can time the next one.
    /// <summary>First failed payment of the current dunning run; null when payments are in order.</summary>
    public DateTime? PastDueSinceUtc { get; set; }
    public DateTime? SuspendedAtUtc { get; set; }
    public SuspensionReason SuspensionReason { get; set; }
    public DateTime? ReleasedAtUtc { get; set; }
    public DateTime? PurgedAtUtc { get; set; }

    // The trial funnel's milestones after provisioning (signup, confirmation and provisioning are on
    // the TrialSignup). Each is set once, by the job that sees it, and never cleared.
    /// <summary>When a phone of the tenant was first seen registered (by FirstRegistrationJob, within its 5-minute period).</summary>
    public DateTime? FirstRegistrationAtUtc { get; set; }
    /// <summary>Start of the tenant's first call to or from the phone network or between its phones (from the call records).</summary>
    public DateTime? FirstCallAtUtc { get; set; }
    /// <summary>When the trial became a paid subscription.</summary>
    public DateTime? ConvertedAtUtc { get; set; }

    public List<Extension> Extensions { get; set; } = [];
    public List<PhoneNumber> Numbers { get; set; } = [];
    public List<PortalUser> Users { get; set; } = [];

    // The rules every page and job asks about. Read-only properties: not columns (no migration), and
    // not for LINQ queries, which filter on the columns themselves.

    /// <summary>Suspended because the trial ended: an upgrade or a longer trial resumes it.</summary>
    public bool IsExpiredTrial => Status == TenantStatus.Suspended && SuspensionReason == SuspensionReason.TrialExpired;

    /// <summary>A trial, running or expired: what an upgrade turns into a paid plan.</summary>
    public bool IsTrialOrExpiredTrial => Status == TenantStatus.Trial || IsExpiredTrial;

    /// <summary>A payment failed and dunning runs: past due, or suspended for it.</summary>
    public bool IsInDunning => Status == TenantStatus.PastDue || (Status == TenantStatus.Suspended && SuspensionReason == SuspensionReason.PaymentFailed);

    /// <summary>A subscription the customer can change (plan, cancellation, numbers): paid, or paid and overdue.</summary>
    [MemberNotNullWhen(true, nameof(SubscriptionId))]
    public bool HasPaidSubscription => SubscriptionId is not null && Status is TenantStatus.Active or TenantStatus.PastDue;

    /// <summary>Trial credit not used yet; never below zero (the call that used it up may run over).</summary>
    public int CreditSecondsLeft => Math.Max(0, TrialCreditSeconds - UsedCreditSeconds);

    public int CreditMinutesLeft => CreditSecondsLeft / 60;

    /// <summary>The trial's credit is money (the plan said so at provisioning), not minutes.</summary>
    public bool HasMoneyCredit => TrialCreditCents > 0;

    /// <summary>Money credit not used yet, in millionths; never below zero.</summary>
    public long CreditMicrosLeft => Math.Max(0, TrialCreditCents * 10_000L - UsedCreditMicros);

    /// <summary>Money credit not used yet, in whole cents (rounded down: never shows more than is left).</summary>
    public int CreditCentsLeft => (int)(CreditMicrosLeft / 10_000);

    /// <summary>Something of the trial's credit, of either kind, is left.</summary>
    public bool HasTrialCreditLeft => HasMoneyCredit ? CreditMicrosLeft > 0 : CreditSecondsLeft > 0;

    /// <summary>Whole days until the trial ends, a started day counting as one; null without a trial end.</summary>
    public int? TrialDaysLeft(DateTime nowUtc) =>
        TrialExpiresAtUtc is { } ends ? Math.Max(0, (int)Math.Ceiling((ends - nowUtc).TotalDays)) : null;

    /// <summary>Moves the tenant to the plan and its limits (calls at once, international calling).</summary>
    public void ApplyPlanLimits(Plan plan)
    {
        PlanId = plan.Id;
        Plan = plan;
        MaxConcurrentCalls = plan.ConcurrentCalls;
        InternationalCallsAllowed = plan.InternationalCalling;
    }
}

public enum TenantStatus
{
    Trial = 1,
    Active = 2,
    Suspended = 3,
    Released = 4,
    /// <summary>Paid, a payment failed: service continues while dunning runs.</summary>
    PastDue = 5,
    /// <summary>Released and its retention period over: configuration deleted, history kept.</summary>
    Purged = 6,
}

public enum SuspensionReason
{
    None = 0,
    TrialExpired = 1,
    PaymentFailed = 2,
    Cancelled = 3,
    Staff = 4,
}
