using Hangfire;
using Microsoft.Extensions.Options;
using UcPortal.Web.Features.Email;
using UcPortal.Web.Features.Lifecycle;

namespace UcPortal.Web.Features.Billing;

/// <summary>The dunning ladder of a paid tenant whose payment failed, counted from PastDueSinceUtc:
/// emails on days 1, 3 and 7, suspension (PaymentFailed) on day 7, and on day 14 the subscription is
/// cancelled at the provider and the tenant is suspended as Cancelled (released after the grace
/// period). A successful payment (invoice.paid) ends all of it at once, in TenantLifecycle. Emails
/// go once each (dedup key per dunning run and day); a run that missed a day sends only the latest.</summary>
public sealed class DunningJob(
    PortalDbContext db, TenantLifecycle lifecycle, TenantBilling billing, SuspensionLadder ladder, PortalUnitOfWork unitOfWork, IPaymentProvider provider, EmailTemplates templates, PortalLinks links,
    TimeProvider clock, IOptions<LifecycleOptions> options, ILogger<DunningJob> log)
{
    public const string Id = "dunning";
    public const string Cause = "job:" + Id;

    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    public async Task RunAsync(CancellationToken ct)
    {
        var o = options.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        var emailDays = o.DunningEmailDays.Where(d => d >= 0).Distinct().Order().ToArray();
        var firstStep = Math.Min(emailDays.DefaultIfEmpty(o.SuspendAfterFailedPaymentDays).Min(), Math.Min(o.SuspendAfterFailedPaymentDays, o.CancelAfterFailedPaymentDays));
        var startedBy = now.AddDays(-firstStep);
        var billing = links.To("/billing");
        var (emails, suspended, cancelled) = (0, 0, 0);

        // Staff suspensions are left to staff, and a cancelled tenant has left dunning for the grace period.
        await foreach (var batch in TenantBatches.ReadAsync(db,
            t => t.PastDueSinceUtc != null && t.PastDueSinceUtc <= startedBy &&
                 (t.Status == TenantStatus.PastDue || (t.Status == TenantStatus.Suspended && t.SuspensionReason == SuspensionReason.PaymentFailed)),
            o.BatchSize, ct))
        {
            // The batch's owners and the emails it may send, in two queries instead of two per email (decision 038):
            // the dunning email of the latest day due, or the suspension email of a cancellation (suspended now).
            await unitOfWork.PrepareEmailsAsync(batch.Select(t => t.Id).ToList(),
                batch.Select(t => now >= ladder.CancelsOn(t.PastDueSinceUtc!.Value)
                        ? TenantLifecycle.SuspendedEmailKey(t.Id, SuspensionReason.Cancelled, now)
                        : DueDay(now - t.PastDueSinceUtc!.Value, emailDays) is { } d ? DunningKey(t, d) : null)
                    .OfType<string>(), ct);
            foreach (var tenant in batch)
            {
                var since = tenant.PastDueSinceUtc!.Value;
                var age = now - since;
                if (now >= ladder.CancelsOn(since))
                {
                    if (await CancelAsync(tenant, ct))
                    {
                        cancelled++;
                    }
                    continue;
                }
                if (now >= ladder.SuspendsOn(since) && tenant.Status == TenantStatus.PastDue)
                {
                    lifecycle.Suspend(tenant, SuspensionReason.PaymentFailed, $"Payment overdue for {o.SuspendAfterFailedPaymentDays} days", Cause);
                    suspended++;
                }
                if (DueDay(age, emailDays) is { } day)
                {
                    var isSuspended = tenant.Status == TenantStatus.Suspended;
                    if (await unitOfWork.EmailOwnerAsync(tenant,
                            (name, company) => templates.PaymentOverdue(name, company, day, isSuspended,
                                ladder.SuspendsOn(since), ladder.CancelsOn(since), billing),
                            DunningKey(tenant, day), ct))
                    {
                        unitOfWork.AddEvent(tenant.Id, "email", $"Dunning email of day {day} sent{(isSuspended ? " (service suspended)" : "")}", Cause);
                        emails++;
                    }
                }
            }
            await unitOfWork.CommitAsync(ct);
        }
        log.LogInformation("Dunning: {Emails} email(s), {Suspended} suspended, {Cancelled} cancelled", emails, suspended, cancelled);
    }

    /// <summary>The latest dunning email day reached at this age, if any.</summary>
    private static int? DueDay(TimeSpan age, int[] emailDaysAscending)
    {
        int? due = null;
        foreach (var d in emailDaysAscending)
        {
            if (age >= TimeSpan.FromDays(d))
            {
                due = d;
            }
        }
        return due;
    }

    private static string DunningKey(Tenant tenant, int day) => $"dunning:{tenant.Id:N}:{tenant.PastDueSinceUtc!.Value:yyyyMMddHHmmss}:d{day}";

    /// <summary>Unpaid for CancelAfterFailedPaymentDays: the subscription is cancelled at the provider
    /// and the tenant suspended as Cancelled. The provider is asked first: a payment whose webhook
    /// was lost restores the service instead, and a subscription already ended is not cancelled twice
    /// (a crash between the provider's answer and our commit is repaired by the next run).</summary>
    private async Task<bool> CancelAsync(Tenant tenant, CancellationToken ct)
    {
        SubscriptionSnapshot? subscription = null;
        if (tenant.SubscriptionId is { } subscriptionId)
        {
            subscription = await provider.GetSubscriptionAsync(subscriptionId, ct);
            if (subscription is { IsInGoodStanding: true })
            {
                await billing.ApplySubscriptionAsync(tenant, subscription, Cause, ct);
                return false;
            }
            if (subscription is { IsEnded: false })
            {
                subscription = await provider.CancelNowAsync(subscriptionId, ct);
            }
        }
        lifecycle.Suspend(tenant, SuspensionReason.Cancelled,
            $"Unpaid for {options.Value.CancelAfterFailedPaymentDays} days: subscription {tenant.SubscriptionId} cancelled at the provider", Cause);
        if (subscription is not null)
        {
            await billing.ApplySubscriptionAsync(tenant, subscription, Cause, ct);
        }
        await lifecycle.EmailSuspendedAsync(tenant, ct);
        return true;
    }
}
