using Microsoft.Extensions.Localization;
using UcPortal.Web.Features.Localisation;
using UcPortal.Web.Features.Numbers;

namespace UcPortal.Web.Features.Billing;

/// <summary>Gives one number back. It goes to quarantine like the numbers of a released account,
/// so its callers don't reach the next owner; the subscription stops billing it when it was an extra one.</summary>
public sealed class ReleaseNumber(PortalDbContext db, IPaymentProvider provider, TenantBilling billing, NumberQuarantine quarantine, PortalUnitOfWork unitOfWork, IStringLocalizer<SharedResource> t)
{
    public async Task<FormResult> RunAsync(Guid tenantId, int numberId, string actor, CancellationToken ct)
    {
        var number = await db.PhoneNumbers.SingleOrDefaultAsync(n => n.Id == numberId && n.TenantId == tenantId, ct);
        if (number is null)
        {
            return FormResult.Missing();
        }
        var tenant = await db.Tenants.Include(t => t.Plan).SingleAsync(t => t.Id == tenantId, ct);
        if (!tenant.HasPaidSubscription)
        {
            return FormResult.Refused("", t["Numbers can be released on a paid plan. A trial's numbers go back by themselves when the trial ends."]);
        }
        var held = await db.PhoneNumbers.CountAsync(n => n.TenantId == tenantId, ct);
        if (held <= 1)
        {
            return FormResult.Refused("", t["Your account keeps at least one number: add another one before releasing this one."]);
        }

        var plan = tenant.Plan!;
        var extra = Math.Max(0, Math.Min(tenant.ExtraNumbers, held - 1 - plan.IncludedNumbers));
        var saving = (long)(tenant.ExtraNumbers - extra) * plan.ExtraNumberPriceCents;
        if (extra != tenant.ExtraNumbers)
        {
            var subscription = await provider.ChangeSubscriptionAsync(tenant.SubscriptionId, plan, extra, ct);
            await billing.ApplySubscriptionAsync(tenant, subscription, actor, ct);
        }

        var quarantineUntil = quarantine.Quarantine([number]);
        // Its routing and its use as caller ID belong to this tenant and go with it.
        if (await db.NumberRoutes.SingleOrDefaultAsync(r => r.PhoneNumberId == numberId, ct) is { } route)
        {
            db.NumberRoutes.Remove(route);
        }
        foreach (var extension in await db.Extensions.Where(e => e.TenantId == tenantId && e.CallerIdNumberId == numberId).ToListAsync(ct))
        {
            extension.CallerIdNumberId = null;
        }
        var display = PhoneDisplay.Format(number.E164);
        unitOfWork.RecordPbxChange(tenantId, $"Number {display} released", actor);
        unitOfWork.AddEvent(tenantId, "numbers", $"Number {display} released: in quarantine until {quarantineUntil:yyyy-MM-dd}", actor);
        await unitOfWork.CommitAsync(ct);

        return FormResult.Ok(t["{0} is released: it stops ringing now and goes to no other customer before {1}.", display, PortalFormats.Day(quarantineUntil)] +
            (saving > 0 ? (PortalCultures.IsChinese ? "" : " ") + t["Your plan goes down by {0} a month.", Money.Format(saving, plan.Currency)] : ""));
    }
}
