using Microsoft.Extensions.Localization;
using UcPortal.Web.Features.Localisation;

namespace UcPortal.Web.Features.Billing;

/// <summary>Cancel at the end of the paid period, or take that back. Nothing stops before the
/// period ends; at its end the lifecycle releases the account like an expired trial.</summary>
public sealed class SetCancelAtPeriodEnd(PortalDbContext db, IPaymentProvider provider, TenantBilling billing, PortalUnitOfWork unitOfWork, IStringLocalizer<SharedResource> t)
{
    public async Task<FormResult> RunAsync(Guid tenantId, bool cancel, string actor, CancellationToken ct)
    {
        var tenant = await db.Tenants.SingleAsync(t => t.Id == tenantId, ct);
        if (!tenant.HasPaidSubscription)
        {
            return FormResult.Refused("", t["There is no paid plan to cancel."]);
        }
        if (tenant.CancelAtPeriodEnd != cancel)
        {
            var subscription = await provider.SetCancelAtPeriodEndAsync(tenant.SubscriptionId, cancel, ct);
            await billing.ApplySubscriptionAsync(tenant, subscription, actor, ct);
            await unitOfWork.CommitAsync(ct);
        }
        return FormResult.Ok(cancel
            ? t["Your plan ends on {0}. Until then everything keeps working, and you can undo this.", Day(tenant.PaidThroughUtc)]
            : t["Cancellation withdrawn: your plan renews on {0} as usual.", Day(tenant.PaidThroughUtc)]);
    }

    private static string Day(DateTime? utc) => utc is { } d ? PortalFormats.Day(d) : "—";
}
