using Microsoft.Extensions.Options;

namespace UcPortal.Web.Features.Lifecycle;

/// <summary>The ladder's due dates (LifecycleOptions), counted from the step before: the jobs act on
/// them, the emails announce them and the staff page shows the next one.</summary>
public sealed class SuspensionLadder(IOptions<LifecycleOptions> options)
{
    private LifecycleOptions O => options.Value;

    /// <summary>Unpaid: suspended this many days after the first failed payment.</summary>
    public DateTime SuspendsOn(DateTime pastDueSinceUtc) => pastDueSinceUtc.AddDays(O.SuspendAfterFailedPaymentDays);

    /// <summary>Unpaid: the subscription is cancelled at the provider.</summary>
    public DateTime CancelsOn(DateTime pastDueSinceUtc) => pastDueSinceUtc.AddDays(O.CancelAfterFailedPaymentDays);

    /// <summary>Suspended because the trial or the subscription ended: released after the grace period.</summary>
    public DateTime ReleasesOn(DateTime suspendedAtUtc) => suspendedAtUtc.AddDays(O.GraceDays);

    /// <summary>Released: the configuration is purged after the retention period.</summary>
    public DateTime PurgesOn(DateTime releasedAtUtc) => releasedAtUtc.AddDays(O.RetentionDays);

    /// <summary>When the tenant's next automatic step is due, in words, or null.</summary>
    public string? NextStep(Tenant t) => t.Status switch
    {
        TenantStatus.Trial when t.TrialExpiresAtUtc is { } end => $"Suspended when the trial ends, {end:yyyy-MM-dd HH:mm} UTC",
        TenantStatus.PastDue when t.PastDueSinceUtc is { } since =>
            $"Suspended {SuspendsOn(since):yyyy-MM-dd} and cancelled {CancelsOn(since):yyyy-MM-dd} unless paid",
        TenantStatus.Active when t.CancelAtPeriodEnd && t.PaidThroughUtc is { } end => $"Subscription ends {end:yyyy-MM-dd}; then suspended, released {O.GraceDays} days later",
        TenantStatus.Suspended when t.SuspensionReason == SuspensionReason.PaymentFailed && t.PastDueSinceUtc is { } since =>
            $"Cancelled {CancelsOn(since):yyyy-MM-dd} unless paid",
        TenantStatus.Suspended when t.SuspensionReason is SuspensionReason.TrialExpired or SuspensionReason.Cancelled && t.SuspendedAtUtc is { } at =>
            $"Released {ReleasesOn(at):yyyy-MM-dd} unless upgraded (numbers to quarantine)",
        TenantStatus.Released when t.ReleasedAtUtc is { } at => $"Configuration purged {PurgesOn(at):yyyy-MM-dd}",
        _ => null,
    };
}
