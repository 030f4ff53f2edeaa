using Microsoft.Extensions.Options;
using UcPortal.Pbx;
using UcPortal.Web.Features.Fraud;

namespace UcPortal.Web.Features.CallLimits;

/// <summary>A paid tenant's spending on calls today against its daily cap.</summary>
/// <param name="CapCents">The cap in force (the tenant's own, else its plan's); 0 = none.</param>
public sealed record DailySpend(int CapCents, int SpentCents, bool CapSetByStaff)
{
    public int LeftCents => Math.Max(0, CapCents - SpentCents);
}

/// <summary>Computes what the SIP core holds a tenant's calls to the carrier to (<see cref="PbxCallLimits"/>):
/// the seconds its trial credit or today's spending cap still pays for, whether it is blocked for fraud,
/// and the thresholds of the fraud signals the SIP core counts itself.</summary>
public sealed class OutboundCallLimits(PortalDbContext db, OutboundCallPricing pricing, IOptions<FraudOptions> fraud, TimeProvider clock)
{
    public async Task<PbxCallLimits> ForTenantAsync(Tenant tenant, CancellationToken ct)
    {
        int? secondsLeft = null;
        if (tenant.Status == TenantStatus.Trial)
        {
            // A money credit is pushed as the seconds it pays for at the dearest destination the trial may call
            // (decision 021): the SIP core counts seconds, and no call can cost more than is left.
            secondsLeft = tenant.HasMoneyCredit
                ? SecondsFor(tenant.CreditMicrosLeft, await pricing.DearestCentsPerMinuteAsync(tenant, ct))
                : tenant.CreditSecondsLeft;
        }
        else if (tenant.Status is TenantStatus.Active or TenantStatus.PastDue
            && await DailySpendAsync(tenant, ct) is { CapCents: > 0 } spend
            && await pricing.DearestCentsPerMinuteAsync(tenant, ct) is > 0 and var price)
        {
            secondsLeft = (int)Math.Min(int.MaxValue, (long)spend.LeftCents * 60 / price);
        }
        var blocked = await db.FraudFlags.AnyAsync(f => f.TenantId == tenant.Id && f.ClearedAtUtc == null, ct);
        var o = fraud.Value;
        var trial = tenant.Status == TenantStatus.Trial;
        return new PbxCallLimits(secondsLeft, blocked,
            trial ? o.TrialAttemptsPerMinute : o.AttemptsPerMinute,
            o.CallCapRefusalsPerMinute);
    }

    /// <summary>Whole seconds <paramref name="micros"/> pay for at <paramref name="centsPerMinute"/> (rounded down; no price = nothing).</summary>
    public static int SecondsFor(long micros, int centsPerMinute) =>
        centsPerMinute <= 0 ? 0 : (int)Math.Min(int.MaxValue, micros * 60 / (centsPerMinute * 10_000L));

    /// <summary>Today's (UTC) spending of the tenant on calls to the phone network against its cap.</summary>
    public async Task<DailySpend> DailySpendAsync(Tenant tenant, CancellationToken ct)
    {
        var plan = tenant.Plan ?? await db.Plans.AsNoTracking().SingleAsync(p => p.Id == tenant.PlanId, ct);
        var cap = tenant.DailySpendCapCents ?? plan.DailySpendCapCents;
        var dayStart = clock.GetUtcNow().UtcDateTime.Date;
        var calls = await db.CallRecords.AsNoTracking()
            .Where(c => c.TenantId == tenant.Id && c.Direction == CallDirection.Outbound && c.StartedAtUtc >= dayStart && c.BilledSeconds > 0)
            .ToListAsync(ct);
        return new DailySpend(cap, OutboundCallPricing.SpentCents(calls), tenant.DailySpendCapCents is not null);
    }
}
