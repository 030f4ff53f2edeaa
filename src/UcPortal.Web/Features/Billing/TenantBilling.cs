using UcPortal.Web.Features.Email;
using UcPortal.Web.Features.Lifecycle;

namespace UcPortal.Web.Features.Billing;

/// <summary>Keeps a tenant in line with the payment provider: its subscription (plan, period, paid-through
/// date, cancellation, extra numbers) and its invoices. What that means for the service (upgraded,
/// restored, past due, suspended) is decided by <see cref="TenantLifecycle"/>. Like the lifecycle, it
/// stages in the caller's unit of work and changes nothing when called again with the same facts.</summary>
public sealed class TenantBilling(PortalDbContext db, TenantLifecycle lifecycle, PortalUnitOfWork unitOfWork, EmailTemplates templates, PortalLinks links)
{
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
                unitOfWork.AddEvent(tenant.Id, "billing", $"Subscription {sub.Id} is {sub.Status}, but the account was already released: not restored", cause);
                return true;
            }
            return false;
        }

        var changed = false;
        var plan = sub.PlanCode is null ? null : await PlanAsync(sub.PlanCode, ct);
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
            unitOfWork.AddEvent(tenant.Id, "billing", sub.CancelAtPeriodEnd
                ? $"Subscription set to end on {sub.CurrentPeriodEndUtc:yyyy-MM-dd}"
                : "Subscription renews again (cancellation withdrawn)", cause);
            changed = true;
        }
        if (tenant.ExtraNumbers != sub.ExtraNumbers) { tenant.ExtraNumbers = sub.ExtraNumbers; changed = true; }

        if (sub.IsInGoodStanding)
        {
            var wasTrial = tenant.IsTrialOrExpiredTrial;
            if (plan is not null && !plan.IsTrial && tenant.PlanId != plan.Id)
            {
                var previous = await db.Plans.Where(p => p.Id == tenant.PlanId).Select(p => p.Name).SingleAsync(ct);
                tenant.ApplyPlanLimits(plan);
                if (!wasTrial)
                {
                    unitOfWork.AddEvent(tenant.Id, "billing", $"Plan changed from {previous} to {plan.Name}", cause);
                }
                changed = true;
            }
            if (tenant.Status != TenantStatus.Active)
            {
                lifecycle.Activate(tenant, wasTrial
                    ? $"Upgraded to {plan?.Name ?? "a paid plan"}: trial limits lifted, numbers and configuration kept"
                    : $"Service restored ({tenant.Status} → Active)", cause);
                if (wasTrial)
                {
                    tenant.ConvertedAtUtc ??= unitOfWork.Now;
                    await unitOfWork.EmailOwnerAsync(tenant, (name, company) => templates.PaidWelcome(name, company, plan?.Name ?? "your plan", links.To("/billing")), $"paid-welcome:{tenant.Id}", ct);
                }
                changed = true;
            }
        }
        else if (sub.IsPastDue)
        {
            changed |= lifecycle.MarkPastDue(tenant, "Payment overdue: service continues while we retry the card", cause);
        }
        else if (sub.IsEnded && (tenant.Status is TenantStatus.Active or TenantStatus.PastDue ||
                                 tenant is { Status: TenantStatus.Suspended, SuspensionReason: SuspensionReason.PaymentFailed }))
        {
            lifecycle.Suspend(tenant, SuspensionReason.Cancelled, $"Subscription {sub.Id} ended", cause);
            await lifecycle.EmailSuspendedAsync(tenant, ct);
            changed = true;
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
        var row = _invoices.TryGetValue(invoice.Id, out var known) && (known is null || db.Entry(known).State != EntityState.Detached)
            ? known ?? StagedInvoice(invoice.Id)
            : await db.BillingInvoices.SingleOrDefaultAsync(i => i.ProviderInvoiceId == invoice.Id, ct) ?? StagedInvoice(invoice.Id);
        var isNew = row is null;
        var wasPaid = row?.Status == "paid";
        if (row is null)
        {
            row = new BillingInvoice { ProviderInvoiceId = invoice.Id, TenantId = tenant.Id };
            db.BillingInvoices.Add(row);
            if (_invoices.ContainsKey(invoice.Id))
            {
                _invoices[invoice.Id] = row;
            }
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
                unitOfWork.AddEvent(tenant.Id, "billing", $"Invoice {invoice.Number} paid: service paid through {end:yyyy-MM-dd}", cause);
            }
            // Only the overdue invoice turning paid ends dunning. Any other paid invoice (an older
            // one redelivered, or listed by the reconciliation) says nothing about the overdue one;
            // if the overdue invoice was never stored here, the provider's subscription turning
            // active again restores the service (customer.subscription.updated, reconciliation).
            var settlesDunning = !isNew && !wasPaid;
            if (settlesDunning && tenant.IsInDunning)
            {
                lifecycle.Activate(tenant, $"Payment received for invoice {invoice.Number}: service restored", cause);
            }
        }
        return row;
    }

    // Invoices read for a batch by LoadInvoicesAsync (null: not stored), tracked in the caller's context.
    private readonly Dictionary<string, BillingInvoice?> _invoices = new(StringComparer.Ordinal);
    // Plans by code, as this context tracks them (a tracked query returns the tracked instance anyway).
    private readonly Dictionary<string, Plan?> _plans = new(StringComparer.Ordinal);

    /// <summary>Reads a batch's stored invoices in one query (tracked), so RecordInvoiceAsync asks the
    /// database nothing for them (decision 038). Replaces what an earlier call read.</summary>
    public async Task LoadInvoicesAsync(IEnumerable<string> providerInvoiceIds, CancellationToken ct)
    {
        _invoices.Clear();
        var ids = providerInvoiceIds.Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0)
        {
            return;
        }
        var rows = await db.BillingInvoices.Where(i => ids.Contains(i.ProviderInvoiceId)).ToListAsync(ct);
        ids.ForEach(id => _invoices[id] = null);
        rows.ForEach(r => _invoices[r.ProviderInvoiceId] = r);
    }

    /// <summary>The plan with that code, read once per batch: kept while this context still tracks it
    /// (a sweep clears the tracker between batches, and then it is read again).</summary>
    private async Task<Plan?> PlanAsync(string code, CancellationToken ct)
    {
        if (_plans.TryGetValue(code, out var plan) && plan is not null && db.Entry(plan).State != EntityState.Detached)
        {
            return plan;
        }
        plan = await db.Plans.SingleOrDefaultAsync(p => p.Code == code, ct);
        _plans[code] = plan;
        return plan;
    }

    /// <summary>An invoice added in this unit of work and not saved yet, found without a DetectChanges
    /// pass (DbSet.Local makes one per call: O(batch²) in a sweep).</summary>
    private BillingInvoice? StagedInvoice(string providerInvoiceId) =>
        db.ReadStaged(() => db.BillingInvoices.Local.SingleOrDefault(i => i.ProviderInvoiceId == providerInvoiceId));

    /// <summary>A renewal payment failed: the tenant becomes past due and dunning starts.</summary>
    public void MarkPaymentFailed(Tenant tenant, InvoiceSnapshot invoice, string cause) =>
        lifecycle.MarkPastDue(tenant, $"Payment of invoice {invoice.Number} failed: past due, dunning started", cause);
}
