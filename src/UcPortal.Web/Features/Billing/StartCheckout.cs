using Microsoft.Extensions.Localization;
using UcPortal.Web.Features.Email;
using UcPortal.Web.Features.Localisation;

namespace UcPortal.Web.Features.Billing;

/// <summary>Upgrade step one: a checkout for the chosen plan. The form carries a nonce made when the
/// page was shown; it becomes the idempotency key, so a double click (or a reload of the POST) finds
/// the first checkout and sends the user to the same session instead of creating another.</summary>
public sealed class StartCheckout(PortalDbContext db, IPaymentProvider provider, PortalLinks links, TimeProvider clock, IStringLocalizer<SharedResource> t)
{
    public const int MaxExtraNumbers = 50;

    public async Task<FormResult<string>> RunAsync(Guid tenantId, string userEmail, string planCode, int extraNumbers, string formNonce, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(formNonce) || formNonce.Length > 64)
        {
            return FormResult<string>.Refused("", t["This form has expired. Reload the page and choose your plan again."]);
        }
        var key = $"checkout-{tenantId:N}-{formNonce}";
        var existing = await db.BillingCheckouts.AsNoTracking().SingleOrDefaultAsync(c => c.IdempotencyKey == key, ct);
        if (existing?.Url is not null)
        {
            return FormResult<string>.Ok(existing.Url);
        }

        var plan = await db.Plans.AsNoTracking().SingleOrDefaultAsync(p => p.Code == planCode && !p.IsTrial && p.IsPublic && p.RetiredAtUtc == null, ct);
        if (plan is null)
        {
            return FormResult<string>.Refused("PlanCode", t["Choose one of the plans shown."]);
        }
        if (extraNumbers is < 0 or > MaxExtraNumbers)
        {
            return FormResult<string>.Refused("ExtraNumbers", t["Extra numbers must be between 0 and {0}.", MaxExtraNumbers]);
        }
        var tenant = await db.Tenants.SingleAsync(t => t.Id == tenantId, ct);
        if (tenant.Status is TenantStatus.Released or TenantStatus.Purged)
        {
            return FormResult<string>.Refused("", t["This account was released and can no longer be upgraded. Open a support ticket (Support, in the menu) to talk to us."]);
        }
        if (tenant.HasPaidSubscription)
        {
            return FormResult<string>.Refused("", t["You already have a paid plan: change it on the billing page."]);
        }

        try
        {
            return await StartAsync(tenant, plan, userEmail, extraNumbers, key, existing, ct);
        }
        catch (PaymentProviderException e)
        {
            return FormResult<string>.Refused("", t[e.UserMessage]);
        }
    }

    private async Task<FormResult<string>> StartAsync(Tenant tenant, Plan plan, string userEmail, int extraNumbers, string key, BillingCheckout? existing, CancellationToken ct)
    {
        var tenantId = tenant.Id;
        // One customer per tenant, reused by every checkout. Asked every time: a stored id can be gone
        // at the provider (deleted, or left from the test mode before Stripe keys were configured).
        var customerId = await provider.EnsureCustomerAsync(tenant, userEmail, ct);
        if (tenant.BillingCustomerId != customerId)
        {
            tenant.BillingCustomerId = customerId;
            await db.SaveChangesAsync(ct);
        }

        var checkout = existing is null
            ? new BillingCheckout
            {
                Id = Guid.NewGuid(), TenantId = tenantId, PlanId = plan.Id, ExtraNumbers = extraNumbers,
                IdempotencyKey = key, Status = CheckoutStatus.Open, CreatedAtUtc = clock.GetUtcNow().UtcDateTime,
            }
            : await db.BillingCheckouts.SingleAsync(c => c.Id == existing.Id, ct);
        if (existing is null)
        {
            db.BillingCheckouts.Add(checkout);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // The other click of a double click got here first: wait for its session rather than make a second.
                db.ChangeTracker.Clear();
                checkout = await db.BillingCheckouts.SingleAsync(c => c.IdempotencyKey == key, ct);
            }
        }

        // The provider's own idempotency (same key → same session) covers two requests racing past this point.
        var session = await provider.StartCheckoutAsync(new CheckoutRequest(
            tenantId, customerId, plan, extraNumbers, key,
            links.To($"/billing/return?checkout={checkout.Id}"),
            links.To("/billing/upgrade?cancelled=1")), ct);
        checkout.ProviderSessionId = session.SessionId;
        checkout.Url = session.Url;
        await db.SaveChangesAsync(ct);
        return FormResult<string>.Ok(session.Url);
    }
}
