using Hangfire;
using Microsoft.Extensions.Options;
using UcPortal.Web.Features.Lifecycle;

namespace UcPortal.Web.Features.Billing;

/// <summary>Paid cancellation at period end: a subscription set to cancel whose paid period is over
/// is suspended (Cancelled) like an expired trial, and released after the grace period. Normally
/// customer.subscription.deleted does this first; this job catches a late or lost webhook. It asks
/// the provider first, so a cancellation the customer withdrew is not acted on.</summary>
public sealed class SubscriptionEndJob(
    PortalDbContext db, TenantLifecycle lifecycle, TenantBilling billing, PortalUnitOfWork unitOfWork, IPaymentProvider provider, TimeProvider clock,
    IOptions<LifecycleOptions> options, ILogger<SubscriptionEndJob> log)
{
    public const string Id = "subscription-end";
    public const string Cause = "job:" + Id;

    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    public async Task RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var ended = 0;
        await foreach (var batch in TenantBatches.ReadAsync(db,
            t => (t.Status == TenantStatus.Active || t.Status == TenantStatus.PastDue) && t.CancelAtPeriodEnd && t.PaidThroughUtc <= now,
            options.Value.BatchSize, ct))
        {
            // The batch's owners and suspension emails in two queries instead of two per tenant (decision 038).
            await unitOfWork.PrepareEmailsAsync(batch.Select(t => t.Id).ToList(),
                batch.Select(t => TenantLifecycle.SuspendedEmailKey(t.Id, SuspensionReason.Cancelled, now)), ct);
            foreach (var tenant in batch)
            {
                if (tenant.SubscriptionId is { } subscriptionId && await provider.GetSubscriptionAsync(subscriptionId, ct) is { } subscription)
                {
                    await billing.ApplySubscriptionAsync(tenant, subscription, Cause, ct);
                }
                // The provider may lag a little behind the period end: our own record of a paid
                // period that is over and set to end is enough.
                if (tenant.Status is TenantStatus.Active or TenantStatus.PastDue && tenant.CancelAtPeriodEnd && tenant.PaidThroughUtc <= now)
                {
                    lifecycle.Suspend(tenant, SuspensionReason.Cancelled, $"Subscription ended with the period paid for ({tenant.PaidThroughUtc:yyyy-MM-dd})", Cause);
                    await lifecycle.EmailSuspendedAsync(tenant, ct);
                }
                if (tenant.Status == TenantStatus.Suspended)
                {
                    ended++;
                }
            }
            await unitOfWork.CommitAsync(ct);
        }
        log.LogInformation("Subscription end: {Count} tenant(s) suspended at the end of their paid period", ended);
    }
}
