using Microsoft.Extensions.Localization;
using UcPortal.Web.Features.Localisation;
using UcPortal.Web.Features.Numbers;

namespace UcPortal.Web.Features.Billing;

/// <summary>Buys numbers from the paid pool of the tenant's country. Numbers the plan includes but
/// the tenant doesn't hold yet are used first; each one beyond them adds one to the subscription's
/// extra-number quantity (prorated by the provider). The numbers are taken before the provider is
/// asked, and given back if it refuses, so nobody pays for a number they didn't get.</summary>
public sealed class AddNumbers(PortalDbContext db, IPaymentProvider provider, TenantBilling billing, NumberInventory inventory, NumberHolds holds, PortalUnitOfWork unitOfWork, IStringLocalizer<SharedResource> t)
{
    /// <summary>Buys the number the tenant holds (chosen in the number search, decision 032). Only the
    /// tenant's own live hold can be bought: the number is assigned by a conditional UPDATE on the hold,
    /// so a hold that ended and was taken by someone else is refused, not sold twice.</summary>
    public async Task<FormResult> BuyHeldAsync(Guid tenantId, int numberId, string actor, CancellationToken ct)
    {
        var tenant = await db.Tenants.Include(t => t.Plan).SingleAsync(t => t.Id == tenantId, ct);
        if (tenant.SubscriptionId is null || tenant.Status != TenantStatus.Active)
        {
            return FormResult.Refused("Number", tenant.Status == TenantStatus.PastDue
                ? t["Your last payment is overdue: update your payment method first, then add numbers."]
                : t["Numbers can be added on an active paid plan."]);
        }
        var holder = NumberHolders.Tenant(tenantId);
        if (await holds.CurrentAsync(holder, ct) is not { } hold || hold.Id != numberId)
        {
            return FormResult.Refused("Number", t["Your hold on this number has ended. Search again and choose a number."]);
        }
        var plan = tenant.Plan!;
        var held = await db.PhoneNumbers.CountAsync(n => n.TenantId == tenantId, ct);
        var charged = plan.IncludedNumbers + tenant.ExtraNumbers - held > 0 ? 0 : 1;
        var number = await holds.TakeHeldAsync(holder, tenantId, NumberPool.Paid, ct);
        if (number is null || number.Id != numberId)
        {
            if (number is not null)
            {
                await inventory.ReturnToPoolAsync(tenantId, [number.Id], CancellationToken.None);
            }
            return FormResult.Refused("Number", t["Your hold on this number has ended. Search again and choose a number."]);
        }
        return await ChargeAndRecordAsync(tenant, [number], charged, number.City, actor, ct);
    }

    public const int MaxAtOnce = 10;

    public async Task<FormResult> RunAsync(Guid tenantId, string? area, int count, string actor, CancellationToken ct)
    {
        var tenant = await db.Tenants.Include(t => t.Plan).SingleAsync(t => t.Id == tenantId, ct);
        if (tenant.SubscriptionId is null || tenant.Status != TenantStatus.Active)
        {
            return FormResult.Refused("Area", tenant.Status == TenantStatus.PastDue
                ? t["Your last payment is overdue: update your payment method first, then add numbers."]
                : t["Numbers can be added on an active paid plan."]);
        }
        if (count is < 1 or > MaxAtOnce)
        {
            return FormResult.Refused("Count", t["Choose between 1 and {0} numbers.", MaxAtOnce]);
        }
        var parsed = TrialArea.Parse(area);
        if (parsed is not { } place || place.Country != tenant.Country)
        {
            return FormResult.Refused("Area", t["Choose one of the cities shown."]);
        }

        var plan = tenant.Plan!;
        var held = await db.PhoneNumbers.CountAsync(n => n.TenantId == tenantId, ct);
        var unused = Math.Max(0, plan.IncludedNumbers + tenant.ExtraNumbers - held);
        var charged = Math.Max(0, count - unused);
        var numbers = await inventory.ReservePaidNumbersAsync(tenantId, place.Country, place.City, count, ct);
        if (numbers.Count == 0)
        {
            return FormResult.Refused("Area", count == 1 ? t["{0} has fewer than 1 number left. Choose fewer or another city.", t[place.City]] : t["{0} has fewer than {1} numbers left. Choose fewer or another city.", t[place.City], count]);
        }

        return await ChargeAndRecordAsync(tenant, numbers, charged, place.City, actor, ct);
    }

    private async Task<FormResult> ChargeAndRecordAsync(Tenant tenant, List<PhoneNumber> numbers, int charged, string city, string actor, CancellationToken ct)
    {
        var tenantId = tenant.Id;
        var plan = tenant.Plan!;
        if (charged > 0)
        {
            SubscriptionSnapshot subscription;
            try
            {
                subscription = await provider.ChangeSubscriptionAsync(tenant.SubscriptionId!, plan, tenant.ExtraNumbers + charged, ct);
            }
            catch
            {
                await inventory.ReturnToPoolAsync(tenantId, numbers.Select(n => n.Id).ToList(), CancellationToken.None);
                throw;
            }
            await billing.ApplySubscriptionAsync(tenant, subscription, actor, ct);
        }
        var list = string.Join(", ", numbers.Select(n => PhoneDisplay.Format(n.E164)));
        unitOfWork.RecordPbxChange(tenantId, $"Numbers added: {list}", actor);
        unitOfWork.AddEvent(tenantId, "numbers", $"Numbers added: {list} ({city}); extra numbers billed: {tenant.ExtraNumbers}", actor);
        await unitOfWork.CommitAsync(ct);

        var cost = charged == 0
            ? t["They are included in your plan."]
            : t["Your plan goes up by {0} a month (prorated for this period).", Money.Format((long)charged * plan.ExtraNumberPriceCents, plan.Currency)];
        var space = PortalCultures.IsChinese ? "" : " ";
        return FormResult.Ok(t["Added {0} in {1}.", list, t[city]] + space + cost + space + t["New numbers ring your first extension until you route them on the Numbers page."]);
    }
}
