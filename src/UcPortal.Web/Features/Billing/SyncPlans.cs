namespace UcPortal.Web.Features.Billing;

public sealed record SyncPlansResult(bool Synced, int Plans, int ProductsCreated, int PricesCreated, int Unchanged, string Message)
{
    public static SyncPlansResult Failed(string message) => new(false, 0, 0, 0, 0, message);
}

/// <summary>Copies the paid plans to the payment provider (products and prices, found again by lookup
/// key, so a second run creates nothing) and stores the provider's ids on the plans. Used by the
/// staff page /admin/plans and the <c>sync-plans</c> command; a run that reached the provider is audited.</summary>
public sealed class SyncPlans(PortalDbContext db, IPaymentProvider provider, TimeProvider clock, ILogger<SyncPlans> log, StaffAudit audit, PortalUnitOfWork unitOfWork)
{
    public async Task<SyncPlansResult> RunAsync(CancellationToken ct)
    {
        if (provider.IsTestMode)
        {
            return new SyncPlansResult(false, 0, 0, 0, 0,
                "Nothing to sync in test mode: the built-in test-mode payments use the plans straight from the database. Configure Stripe keys to sync plans to Stripe.");
        }
        // Trial plans are never sold; private plans are (staff may offer them), so they are synced too.
        var plans = await db.Plans.Where(p => !p.IsTrial).OrderBy(p => p.SortOrder).ThenBy(p => p.Code).ToListAsync(ct);
        if (plans.Count == 0)
        {
            return new SyncPlansResult(true, 0, 0, 0, 0, "There are no paid plans to sync.");
        }
        PlanSyncResult result;
        try
        {
            result = await provider.SyncPlansAsync(plans, ct);
        }
        catch (PaymentProviderException e)
        {
            // Nothing is saved; what was created before the failure is found again by lookup key on the next run.
            var failed = SyncPlansResult.Failed($"The sync stopped: {e.UserMessage} ({e.Message})");
            db.ChangeTracker.Clear();
            audit.Record(AuditActions.PlansSync, target: provider.Name, detail: failed.Message);
            await unitOfWork.CommitAsync(ct);
            return failed;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var plan in plans)
        {
            plan.StripeSyncedAtUtc = now;
        }
        var message = result.ProductsCreated + result.PricesCreated == 0
            ? $"All {plans.Count} paid plans were already in {ProviderTitle}: nothing created."
            : $"{plans.Count} paid plans synced to {ProviderTitle}: {result.ProductsCreated} {Plural(result.ProductsCreated, "product")} and {result.PricesCreated} {Plural(result.PricesCreated, "price")} created, {result.Unchanged} {Plural(result.Unchanged, "plan")} already complete.";
        audit.Record(AuditActions.PlansSync, target: provider.Name, detail: message);
        await unitOfWork.CommitAsync(ct);
        log.LogInformation("Plans synced to {Provider}: {Plans} plans, {Products} products and {Prices} prices created, {Unchanged} plans unchanged",
            provider.Name, plans.Count, result.ProductsCreated, result.PricesCreated, result.Unchanged);
        return new SyncPlansResult(true, plans.Count, result.ProductsCreated, result.PricesCreated, result.Unchanged, message);
    }

    private string ProviderTitle => provider.Name == StripePaymentProvider.ProviderName ? "Stripe" : provider.Name;

    private static string Plural(int n, string word) => n == 1 ? word : word + "s";
}
