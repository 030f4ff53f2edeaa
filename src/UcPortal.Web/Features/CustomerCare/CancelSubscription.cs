using UcPortal.Web.Features.Billing;

namespace UcPortal.Web.Features.CustomerCare;

/// <summary>Staff cancel a tenant's subscription through the payment provider (Stripe or test mode):
/// at the end of the paid period (the customer can still take it back), or now (service stops as
/// when a subscription ends: suspended, numbers kept until the release). The provider's answer is
/// applied by TenantBilling, as a webhook's would be.</summary>
public sealed class CancelSubscription(PortalDbContext db, IPaymentProvider provider, TenantBilling billing, PortalUnitOfWork unitOfWork, StaffAudit audit)
{
    public async Task<FormResult> RunAsync(Guid tenantId, bool now, string? reason, string cause, CancellationToken ct)
    {
        var tenant = await db.Tenants.SingleOrDefaultAsync(t => t.Id == tenantId, ct);
        if (tenant is null)
        {
            return FormResult.Missing();
        }
        if (!tenant.HasPaidSubscription)
        {
            return FormResult.Refused("", "Nothing changed: the account has no paid subscription.");
        }
        if (!now && tenant.CancelAtPeriodEnd)
        {
            return FormResult.Refused("", $"Nothing changed: the subscription already ends on {tenant.PaidThroughUtc:yyyy-MM-dd}.");
        }
        var why = StaffText.Reason(reason);
        SubscriptionSnapshot subscription;
        try
        {
            subscription = now
                ? await provider.CancelNowAsync(tenant.SubscriptionId, ct)
                : await provider.SetCancelAtPeriodEndAsync(tenant.SubscriptionId, true, ct);
        }
        catch (PaymentProviderException e)
        {
            return FormResult.Refused("", "Nothing changed: " + e.UserMessage);
        }
        var id = tenant.SubscriptionId;
        await billing.ApplySubscriptionAsync(tenant, subscription, cause, ct);
        var message = now
            ? $"Subscription {id} cancelled now ({subscription.Status}): the account is {tenant.Status.ToString().ToLowerInvariant()}."
            : $"Subscription {id} ends on {subscription.CurrentPeriodEndUtc:yyyy-MM-dd}; service continues until then.";
        unitOfWork.AddEvent(tenant.Id, "billing", $"{why}: {message}", cause);
        audit.Record(AuditActions.TenantSubscriptionCancelled, tenant.Id, tenant.Name, $"Reason: {why}. {message}");
        await unitOfWork.CommitAsync(ct);
        return FormResult.Ok(message);
    }
}
