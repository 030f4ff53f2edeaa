using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using UcPortal.Data;
using UcPortal.Data.Entities;
using UcPortal.Web.Features.Billing;
using UcPortal.Web.Features.Email;

namespace UcPortal.Web.Features.Lifecycle;

/// <summary>The one place where a tenant's service state changes: upgrade, renewal, past due,
/// suspension, resumption, release. Webhook handlers, lifecycle jobs and staff actions all call it.
/// Each method stages its changes (state, history line with its cause, emails, SIP-core sync) in the
/// caller's <see cref="PortalUnitOfWork"/> and is idempotent: calling it again for a tenant already in
/// that state changes nothing. The caller commits the unit of work.</summary>
public sealed class TenantLifecycle(
    PortalDbContext db,
    PortalUnitOfWork unitOfWork,
    EmailTemplates templates,
    PortalLinks links,
    IOptions<LifecycleOptions> options)
{
    private DateTime Now => unitOfWork.Now;

    /// <summary>Brings the tenant in line with its subscription as the provider reports it.
    /// Returns true when anything changed.</summary>
    public async Task<bool> ApplySubscriptionAsync(Tenant tenant, SubscriptionSnapshot sub, string cause, CancellationToken ct)
    {
        if (tenant.Status is TenantStatus.Released or TenantStatus.Purged)
        {
            // Numbers and credentials are gone; restoring is a staff decision, not a webhook's.
            if (tenant.SubscriptionStatus != sub.Status)
            {
                tenant.SubscriptionStatus = sub.Status;
                AddEvent(tenant, "billing", $"Subscription {sub.Id} is {sub.Status}, but the account was already released: not restored", cause);
                return true;
            }
            return false;
        }

        var changed = false;
        var plan = sub.PlanCode is null ? null : await db.Plans.SingleOrDefaultAsync(p => p.Code == sub.PlanCode, ct);
        if (tenant.BillingCustomerId != sub.CustomerId) { tenant.BillingCustomerId = sub.CustomerId; changed = true; }
        if (tenant.SubscriptionId != sub.Id) { tenant.SubscriptionId = sub.Id; changed = true; }
        if (tenant.SubscriptionStatus != sub.Status) { tenant.SubscriptionStatus = sub.Status; changed = true; }
        if (tenant.CurrentPeriodStartUtc != sub.CurrentPeriodStartUtc) { tenant.CurrentPeriodStartUtc = sub.CurrentPeriodStartUtc; changed = true; }
        // Stripe moves the period on at renewal even when that renewal's payment fails: only a
        // subscription in good standing says the new period is paid for.
        if (tenant.PaidThroughUtc != sub.CurrentPeriodEndUtc && sub.IsInGoodStanding) { tenant.PaidThroughUtc = sub.CurrentPeriodEndUtc; changed = true; }
        if (tenant.CancelAtPeriodEnd != sub.CancelAtPeriodEnd)
        {
            tenant.CancelAtPeriodEnd = sub.CancelAtPeriodEnd;
            AddEvent(tenant, "billing", sub.CancelAtPeriodEnd
                ? $"Subscription set to end on {sub.CurrentPeriodEndUtc:yyyy-MM-dd}"
                : "Subscription renews again (cancellation withdrawn)", cause);
            changed = true;
        }
        if (tenant.ExtraNumbers != sub.ExtraNumbers) { tenant.ExtraNumbers = sub.ExtraNumbers; changed = true; }

        if (sub.IsInGoodStanding)
        {
            var wasTrial = tenant.Status == TenantStatus.Trial || (tenant.Status == TenantStatus.Suspended && tenant.SuspensionReason == SuspensionReason.TrialExpired);
            if (plan is not null && !plan.IsTrial && tenant.PlanId != plan.Id)
            {
                var previous = await db.Plans.Where(p => p.Id == tenant.PlanId).Select(p => p.Name).SingleAsync(ct);
                ApplyPlanLimits(tenant, plan);
                if (!wasTrial)
                {
                    AddEvent(tenant, "billing", $"Plan changed from {previous} to {plan.Name}", cause);
                }
                changed = true;
            }
            if (tenant.Status != TenantStatus.Active)
            {
                var from = tenant.Status;
                SetActive(tenant);
                AddEvent(tenant, "lifecycle", wasTrial
                    ? $"Upgraded to {plan?.Name ?? "a paid plan"}: trial limits lifted, numbers and configuration kept"
                    : $"Service restored ({from} → Active)", cause);
                if (wasTrial)
                {
                    await EmailOwnerAsync(tenant, (name, company) => templates.PaidWelcome(name, company, plan?.Name ?? "your plan", links.To("/billing")), $"paid-welcome:{tenant.Id}", ct);
                }
                changed = true;
            }
        }
        else if (sub.IsPastDue)
        {
            if (tenant.Status == TenantStatus.Active)
            {
                tenant.Status = TenantStatus.PastDue;
                tenant.PastDueSinceUtc ??= Now;
                AddEvent(tenant, "lifecycle", "Payment overdue: service continues while we retry the card", cause);
                changed = true;
            }
        }
        else if (sub.IsEnded)
        {
            if (tenant.Status is TenantStatus.Active or TenantStatus.PastDue ||
                (tenant.Status == TenantStatus.Suspended && tenant.SuspensionReason == SuspensionReason.PaymentFailed))
            {
                Suspend(tenant, SuspensionReason.Cancelled, $"Subscription {sub.Id} ended", cause);
                await EmailSuspendedAsync(tenant, ct);
                changed = true;
            }
        }
        if (changed)
        {
            unitOfWork.RecordServiceState(tenant);
        }
        return changed;
    }

    /// <summary>Stores the invoice and, when it is paid, extends the paid-through date and ends any
    /// dunning. Returns the stored row (its status is "paid" once any copy said paid).</summary>
    public async Task<BillingInvoice> RecordInvoiceAsync(Tenant tenant, InvoiceSnapshot invoice, string cause, CancellationToken ct)
    {
        var row = await db.BillingInvoices.SingleOrDefaultAsync(i => i.ProviderInvoiceId == invoice.Id, ct)
                  ?? db.BillingInvoices.Local.SingleOrDefault(i => i.ProviderInvoiceId == invoice.Id);
        var isNew = row is null;
        var wasPaid = row?.Status == "paid";
        if (row is null)
        {
            row = new BillingInvoice { ProviderInvoiceId = invoice.Id, TenantId = tenant.Id };
            db.BillingInvoices.Add(row);
        }
        // A late "payment_failed" must not turn an invoice we already saw paid back to open.
        if (row.Status != "paid")
        {
            row.Status = invoice.Status;
        }
        row.Number = invoice.Number;
        row.CreatedAtUtc = invoice.CreatedUtc;
        row.AmountCents = invoice.AmountCents;
        row.Currency = invoice.Currency.ToUpperInvariant();
        row.PdfUrl = invoice.PdfUrl;
        row.HostedUrl = invoice.HostedUrl;
        row.PeriodEndUtc = invoice.PeriodEndUtc;

        if (invoice.Status == "paid")
        {
            if (invoice.PeriodEndUtc is { } end && (tenant.PaidThroughUtc is null || end > tenant.PaidThroughUtc))
            {
                tenant.PaidThroughUtc = end;
                AddEvent(tenant, "billing", $"Invoice {invoice.Number} paid: service paid through {end:yyyy-MM-dd}", cause);
            }
            // Only the overdue invoice turning paid ends dunning. Any other paid invoice (an older
            // one redelivered, or listed by the reconciliation) says nothing about the overdue one;
            // if the overdue invoice was never stored here, the provider's subscription turning
            // active again restores the service (customer.subscription.updated, reconciliation).
            var settlesDunning = !isNew && !wasPaid;
            if (settlesDunning &&
                (tenant.Status == TenantStatus.PastDue ||
                 (tenant.Status == TenantStatus.Suspended && tenant.SuspensionReason == SuspensionReason.PaymentFailed)))
            {
                SetActive(tenant);
                AddEvent(tenant, "lifecycle", $"Payment received for invoice {invoice.Number}: service restored", cause);
                unitOfWork.RecordServiceState(tenant);
            }
        }
        return row;
    }

    /// <summary>A renewal payment failed: the tenant becomes past due and dunning starts.</summary>
    public void MarkPaymentFailed(Tenant tenant, InvoiceSnapshot invoice, string cause)
    {
        if (tenant.Status == TenantStatus.Active)
        {
            tenant.Status = TenantStatus.PastDue;
            tenant.PastDueSinceUtc ??= Now;
            AddEvent(tenant, "lifecycle", $"Payment of invoice {invoice.Number} failed: past due, dunning started", cause);
        }
    }

    /// <summary>Calls and registrations refused, configuration kept. Idempotent.</summary>
    public void Suspend(Tenant tenant, SuspensionReason reason, string why, string cause)
    {
        if (tenant.Status is TenantStatus.Released or TenantStatus.Purged)
        {
            return;
        }
        if (tenant.Status == TenantStatus.Suspended)
        {
            if (tenant.SuspensionReason == reason)
            {
                return;
            }
            // The ladder continues from the new reason (e.g. unpaid → cancelled). The suspension date
            // moves to now: the grace period before release counts from the cancellation, not from
            // the first suspension (otherwise a tenant cancelled on dunning day 14 after a day-7
            // suspension would be released the same night, with no grace at all).
            tenant.SuspensionReason = reason;
            tenant.SuspendedAtUtc = Now;
            AddEvent(tenant, "lifecycle", $"{why}: still suspended ({reason})", cause);
            return;
        }
        tenant.Status = TenantStatus.Suspended;
        tenant.SuspensionReason = reason;
        tenant.SuspendedAtUtc = Now;
        AddEvent(tenant, "lifecycle", $"{why}: suspended, calls and registrations refused, configuration kept", cause);
        unitOfWork.RecordServiceState(tenant);
    }

    /// <summary>Undoes a suspension (staff, or a trial extended): back to Trial or Active.</summary>
    public async Task ResumeAsync(Tenant tenant, string why, string cause, CancellationToken ct)
    {
        if (tenant.Status != TenantStatus.Suspended)
        {
            return;
        }
        var isTrialPlan = await db.Plans.Where(p => p.Id == tenant.PlanId).Select(p => p.IsTrial).SingleAsync(ct);
        tenant.Status = isTrialPlan ? TenantStatus.Trial : tenant.PastDueSinceUtc is null ? TenantStatus.Active : TenantStatus.PastDue;
        tenant.SuspensionReason = SuspensionReason.None;
        tenant.SuspendedAtUtc = null;
        AddEvent(tenant, "lifecycle", $"{why}: service resumed", cause);
        unitOfWork.RecordServiceState(tenant);
    }

    /// <summary>Moves a trial's end <paramref name="days"/> days later (from now when it already
    /// passed) and resumes a trial suspended because it expired. Returns false, changing nothing,
    /// when the tenant is not a trial.</summary>
    public async Task<bool> ExtendTrialAsync(Tenant tenant, int days, string cause, CancellationToken ct)
    {
        var expiredTrial = tenant.Status == TenantStatus.Suspended && tenant.SuspensionReason == SuspensionReason.TrialExpired;
        if (days <= 0 || (tenant.Status != TenantStatus.Trial && !expiredTrial))
        {
            return false;
        }
        var from = tenant.TrialExpiresAtUtc is { } end && end > Now ? end : Now;
        tenant.TrialExpiresAtUtc = from.AddDays(days);
        AddEvent(tenant, "lifecycle", $"Trial extended by {days} day(s): it now ends {tenant.TrialExpiresAtUtc:yyyy-MM-dd HH:mm} UTC", cause);
        if (expiredTrial)
        {
            await ResumeAsync(tenant, "Trial extended", cause, ct);
        }
        return true;
    }

    /// <summary>The end of the ladder: SIP credentials removed from the SIP core, numbers to
    /// quarantine. The configuration stays in the portal until the retention period ends.</summary>
    public async Task ReleaseAsync(Tenant tenant, string why, string cause, CancellationToken ct)
    {
        if (tenant.Status is TenantStatus.Released or TenantStatus.Purged)
        {
            return;
        }
        var numbers = await db.PhoneNumbers.Where(n => n.TenantId == tenant.Id).ToListAsync(ct);
        var quarantineUntil = QuarantineNumbers(numbers);
        tenant.Status = TenantStatus.Released;
        tenant.ReleasedAtUtc = Now;
        AddEvent(tenant, "lifecycle",
            $"{why}: released; SIP credentials removed, {numbers.Count} number(s) in quarantine until {quarantineUntil:yyyy-MM-dd}" +
            (numbers.Count > 0 ? $" ({string.Join(", ", numbers.Select(n => n.E164))})" : ""), cause);
        unitOfWork.RecordServiceState(tenant);
    }

    /// <summary>Takes numbers away from their tenant into quarantine for QuarantineDays, so the previous
    /// owner's callers don't reach the next one; NumberQuarantineJob returns them to their pool.
    /// Returns when the quarantine ends.</summary>
    public DateTime QuarantineNumbers(IEnumerable<PhoneNumber> numbers)
    {
        var quarantineUntil = Now.AddDays(options.Value.QuarantineDays);
        foreach (var number in numbers)
        {
            number.Status = NumberStatus.Quarantined;
            number.QuarantinedUntilUtc = quarantineUntil;
            number.TenantId = null;
            number.AssignedAtUtc = null;
        }
        return quarantineUntil;
    }

    /// <summary>Deletes the PBX configuration of released tenants whose retention ended (extensions,
    /// ring groups, schedules, routes, trunks, desk phones, invitations, call records, change log)
    /// and marks them Purged. The tenant row, its history, users and invoices stay. The deletes run
    /// at once, not in the unit of work: call this inside a transaction that the unit of work
    /// commits. Tenants that are not Released are left alone.</summary>
    public async Task<int> PurgeAsync(IReadOnlyCollection<Tenant> tenants, string cause, CancellationToken ct)
    {
        var released = tenants.Where(t => t.Status == TenantStatus.Released).ToList();
        if (released.Count == 0)
        {
            return 0;
        }
        var ids = released.Select(t => t.Id).ToList();
        // Routes first: they point at schedules, which refuse to be deleted under them.
        var deleted = await db.NumberRoutes.Where(r => ids.Contains(r.TenantId)).ExecuteDeleteAsync(ct);
        deleted += await db.Schedules.Where(s => ids.Contains(s.TenantId)).ExecuteDeleteAsync(ct);
        deleted += await db.RingGroups.Where(g => ids.Contains(g.TenantId)).ExecuteDeleteAsync(ct);
        deleted += await db.DeskPhones.Where(p => ids.Contains(p.TenantId)).ExecuteDeleteAsync(ct);
        deleted += await db.Extensions.Where(e => ids.Contains(e.TenantId)).ExecuteDeleteAsync(ct);
        deleted += await db.SipTrunks.Where(t => ids.Contains(t.TenantId)).ExecuteDeleteAsync(ct);
        deleted += await db.TeamInvitations.Where(i => ids.Contains(i.TenantId)).ExecuteDeleteAsync(ct);
        deleted += await db.CallRecords.Where(r => ids.Contains(r.TenantId)).ExecuteDeleteAsync(ct);
        deleted += await db.ConfigChanges.Where(c => ids.Contains(c.TenantId)).ExecuteDeleteAsync(ct);
        foreach (var tenant in released)
        {
            tenant.Status = TenantStatus.Purged;
            tenant.PurgedAtUtc = Now;
            AddEvent(tenant, "lifecycle", $"Retention period over: PBX configuration deleted (released {tenant.ReleasedAtUtc:yyyy-MM-dd}); history and invoices kept", cause);
        }
        return deleted;
    }

    /// <summary>Stages the email that tells the owner the service is suspended and why, once per suspension step.</summary>
    public async Task<bool> EmailSuspendedAsync(Tenant tenant, CancellationToken ct)
    {
        if (tenant.Status != TenantStatus.Suspended || tenant.SuspendedAtUtc is not { } at)
        {
            return false;
        }
        var releaseOn = at.AddDays(options.Value.GraceDays);
        var upgrade = links.To("/billing/upgrade");
        // Unpaid (the dunning email of that day says it) and staff suspensions have no email of their own.
        Func<string, string, ComposedEmail>? compose = tenant.SuspensionReason switch
        {
            SuspensionReason.TrialExpired => (name, company) => templates.TrialExpired(name, company, releaseOn, upgrade),
            SuspensionReason.Cancelled => (name, company) => templates.SubscriptionEnded(name, company, releaseOn, upgrade),
            _ => null,
        };
        return compose is not null &&
               await EmailOwnerAsync(tenant, compose, $"suspended:{tenant.Id:N}:{tenant.SuspensionReason}:{at:yyyyMMddHHmmss}", ct);
    }

    public static void ApplyPlanLimits(Tenant tenant, Plan plan)
    {
        tenant.PlanId = plan.Id;
        tenant.Plan = plan;
        tenant.MaxConcurrentCalls = plan.ConcurrentCalls;
        tenant.InternationalCallsAllowed = plan.InternationalCalling;
    }

    /// <summary>Stages a line of the tenant's history.</summary>
    public void AddEvent(Tenant tenant, string kind, string message, string cause) => unitOfWork.AddEvent(tenant.Id, kind, message, cause);

    /// <summary>Stages an email to the tenant's owner, at most once per dedup key.</summary>
    public Task<bool> EmailOwnerAsync(Tenant tenant, Func<string, string, ComposedEmail> compose, string dedupKey, CancellationToken ct) =>
        unitOfWork.EmailOwnerAsync(tenant, compose, dedupKey, ct);

    private static void SetActive(Tenant tenant)
    {
        tenant.Status = TenantStatus.Active;
        tenant.PastDueSinceUtc = null;
        tenant.SuspendedAtUtc = null;
        tenant.SuspensionReason = SuspensionReason.None;
    }
}
