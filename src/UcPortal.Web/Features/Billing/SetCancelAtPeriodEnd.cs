namespace UcPortal.Web.Features.Billing;

/// <summary>Cancel at the end of the paid period, or take that back. Nothing stops before the
/// period ends; at its end the lifecycle releases the account like an expired trial.</summary>
public sealed class SetCancelAtPeriodEnd(PortalDbContext db, IPaymentProvider provider, TenantBilling billing, PortalUnitOfWork unitOfWork)
{
    public async Task<FormResult> RunAsync(Guid tenantId, bool cancel, string actor, CancellationToken ct)
    {
        var tenant = await db.Tenants.SingleAsync(t => t.Id == tenantId, ct);
        if (!tenant.HasPaidSubscription)
        {
            return FormResult.Refused("", "There is no paid plan to cancel.");
        }
        if (tenant.CancelAtPeriodEnd != cancel)
        {
            var subscription = await provider.SetCancelAtPeriodEndAsync(tenant.SubscriptionId, cancel, ct);
            await billing.ApplySubscriptionAsync(tenant, subscription, actor, ct);
            await unitOfWork.CommitAsync(ct);
        }
        return FormResult.Ok(cancel
            ? $"Your plan ends on {tenant.PaidThroughUtc:d MMMM yyyy}. Until then everything keeps working, and you can undo this."
            : $"Cancellation withdrawn: your plan renews on {tenant.PaidThroughUtc:d MMMM yyyy} as usual.");
    }
}
