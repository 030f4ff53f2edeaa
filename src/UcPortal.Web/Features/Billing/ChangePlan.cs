using Microsoft.Extensions.Localization;
using UcPortal.Web.Features.Localisation;

namespace UcPortal.Web.Features.Billing;

/// <summary>Moves a paid tenant to another plan. The provider prorates (Stripe's default): the
/// difference for the rest of the period goes on the next invoice. Extra numbers follow the new
/// plan: the customer keeps every number and pays for those beyond the new plan's included ones.</summary>
public sealed class ChangePlan(PortalDbContext db, IPaymentProvider provider, TenantBilling billing, PortalUnitOfWork unitOfWork, TimeProvider clock, IStringLocalizer<SharedResource> t)
{
    public async Task<FormResult> RunAsync(Guid tenantId, string planCode, string actor, CancellationToken ct)
    {
        var tenant = await db.Tenants.Include(t => t.Plan).SingleAsync(t => t.Id == tenantId, ct);
        if (tenant.SubscriptionId is null || tenant.Status != TenantStatus.Active)
        {
            return FormResult.Refused("PlanCode", tenant.Status == TenantStatus.PastDue
                ? t["Your last payment is overdue: update your payment method first, then change the plan."]
                : t["Only an active paid plan can be changed."]);
        }
        if (string.IsNullOrWhiteSpace(planCode))
        {
            return FormResult.Refused("PlanCode", t["Choose the plan you want to move to."]);
        }
        var plan = await db.Plans.AsNoTracking().SingleOrDefaultAsync(p => p.Code == planCode && !p.IsTrial && p.IsPublic && p.RetiredAtUtc == null, ct);
        if (plan is null)
        {
            return FormResult.Refused("PlanCode", t["Choose one of the plans shown."]);
        }
        if (plan.Id == tenant.PlanId)
        {
            return FormResult.Refused("PlanCode", t["You are already on {0}.", t[plan.Name]]);
        }
        var extensions = await db.Extensions.CountAsync(e => e.TenantId == tenantId, ct);
        if (extensions > plan.Extensions)
        {
            return FormResult.Refused("PlanCode",
                t["You have {0} extensions and {1} allows {2}. Delete {3} first, then change the plan.", extensions, t[plan.Name], plan.Extensions, extensions - plan.Extensions]);
        }
        var numbers = await db.PhoneNumbers.CountAsync(n => n.TenantId == tenantId, ct);
        var extra = ExtraNumbersFor(plan, numbers);
        var estimate = EstimateProrationCents(tenant.Plan!, tenant.ExtraNumbers, plan, extra, tenant.CurrentPeriodStartUtc, tenant.PaidThroughUtc, clock.GetUtcNow().UtcDateTime);

        var subscription = await provider.ChangeSubscriptionAsync(tenant.SubscriptionId, plan, extra, ct);
        await billing.ApplySubscriptionAsync(tenant, subscription, actor, ct);
        await unitOfWork.CommitAsync(ct);
        return FormResult.Ok(t["You are now on {0}.", t[plan.Name]] + (PortalCultures.IsChinese ? "" : " ") + ProrationNote(estimate, plan.Currency, t));
    }

    /// <summary>Extra numbers billed on a plan for a tenant holding <paramref name="numbersHeld"/>.</summary>
    public static int ExtraNumbersFor(Plan plan, int numbersHeld) => Math.Max(0, numbersHeld - plan.IncludedNumbers);

    /// <summary>Roughly what the provider's proration comes to: the monthly difference times the
    /// share of the period still to run. The provider's invoice is the exact figure.</summary>
    public static long EstimateProrationCents(Plan from, int fromExtra, Plan to, int toExtra, DateTime? periodStartUtc, DateTime? periodEndUtc, DateTime nowUtc)
    {
        if (periodStartUtc is not { } start || periodEndUtc is not { } end || end <= start || nowUtc >= end)
        {
            return 0;
        }
        var share = (end - Max(nowUtc, start)).TotalSeconds / (end - start).TotalSeconds;
        var difference = Monthly(to, toExtra) - Monthly(from, fromExtra);
        return (long)Math.Round(difference * share, MidpointRounding.AwayFromZero);
    }

    public static long Monthly(Plan plan, int extraNumbers) => plan.MonthlyPriceCents + (long)extraNumbers * plan.ExtraNumberPriceCents;

    /// <summary>What a plan change does to this period's bill, in the reader's language.</summary>
    public static string ProrationNote(long estimateCents, string currency, IStringLocalizer<SharedResource> t) => estimateCents switch
    {
        > 0 => t["About {0} for the rest of this period is added to your next invoice.", Money.Format(estimateCents, currency)],
        < 0 => t["About {0} for the rest of this period is credited on your next invoice.", Money.Format(-estimateCents, currency)],
        _ => t["Nothing changes on this period's bill."],
    };

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;
}
