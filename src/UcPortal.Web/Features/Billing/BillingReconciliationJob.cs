using Hangfire;
using Microsoft.Extensions.Options;
using UcPortal.Web.Features.Lifecycle;

namespace UcPortal.Web.Features.Billing;

/// <summary>Nightly reconciliation with the payment provider, so a missed webhook cannot leave a
/// tenant in the wrong state: each tenant with a subscription that is not released or purged is
/// brought in line with the subscription as the provider reports it now, and its recent invoices
/// are recorded (a missed invoice.paid extends the paid-through date and ends dunning).</summary>
public sealed class BillingReconciliationJob(
    PortalDbContext db, TenantBilling billing, PortalUnitOfWork unitOfWork, IPaymentProvider provider, IOptions<LifecycleOptions> options, ILogger<BillingReconciliationJob> log)
{
    public const string Id = "billing-reconciliation";
    public const string Cause = "job:" + Id;
    public const int RecentInvoices = 5;

    [DisableConcurrentExecution(timeoutInSeconds: 3600)]
    public async Task RunAsync(CancellationToken ct)
    {
        var (checkedCount, corrected, missing) = (0, 0, 0);
        await foreach (var batch in TenantBatches.ReadAsync(db,
            t => t.SubscriptionId != null && t.Status != TenantStatus.Released && t.Status != TenantStatus.Purged,
            options.Value.BatchSize, ct))
        {
            // The provider first, then the batch's stored invoices in one query, then the invoices
            // (decision 038): each tenant's own steps keep their order.
            var listed = new List<(Tenant Tenant, IEnumerable<InvoiceSnapshot> Invoices)>();
            // Owners (and the email of a subscription found ended) in two queries for the batch.
            await unitOfWork.PrepareEmailsAsync(batch.Select(t => t.Id).ToList(),
                batch.Select(t => TenantLifecycle.SuspendedEmailKey(t.Id, SuspensionReason.Cancelled, unitOfWork.Now)), ct);
            foreach (var tenant in batch)
            {
                checkedCount++;
                var subscription = await provider.GetSubscriptionAsync(tenant.SubscriptionId!, ct);
                if (subscription is null)
                {
                    // Not acted on: a wrong API key or account would make every subscription "missing",
                    // and suspending every customer for that is worse than a warning.
                    log.LogWarning("Reconciliation: subscription {SubscriptionId} of tenant {TenantId} not found at {Provider}", tenant.SubscriptionId, tenant.Id, provider.Name);
                    missing++;
                    continue;
                }
                if (await billing.ApplySubscriptionAsync(tenant, subscription, Cause, ct))
                {
                    corrected++;
                }
                if (tenant.BillingCustomerId is { } customerId)
                {
                    var invoices = await provider.ListInvoicesAsync(customerId, RecentInvoices, ct);
                    listed.Add((tenant, invoices.Where(i => i.SubscriptionId is null || i.SubscriptionId == tenant.SubscriptionId).OrderBy(i => i.CreatedUtc).ToList()));
                }
            }
            await billing.LoadInvoicesAsync(listed.SelectMany(l => l.Invoices).Select(i => i.Id), ct);
            foreach (var (tenant, invoices) in listed)
            {
                foreach (var invoice in invoices)
                {
                    await billing.RecordInvoiceAsync(tenant, invoice, Cause, ct);
                }
            }
            await unitOfWork.CommitAsync(ct);
        }
        log.LogInformation("Reconciliation: {Checked} subscription(s) checked, {Corrected} corrected, {Missing} not found at the provider", checkedCount, corrected, missing);
    }
}
