using Microsoft.Extensions.Options;
using UcPortal.Web.Features.Pbx.Routing;

namespace UcPortal.Web.Features.CallLimits;

/// <summary>What calls to the phone network cost, from the rate table (<see cref="CallRate"/>, decision 016):
/// the one place the spending cap, the balance pushed to the SIP core and the fraud rule on spend take
/// their prices from. A rated call carries its cost (<see cref="CallRecord.CostMicros"/>, set when it is
/// imported); a balance of seconds is priced at the dearest destination the tenant may call, so a call
/// can never spend more than is left (it may be cut early on a cheap destination).</summary>
public sealed class OutboundCallPricing(PortalDbContext db, IOptions<CallLimitsOptions> options)
{
    private const long MicrosPerCent = 10_000;

    /// <summary>The per-minute price, in cents (rounded up), of the dearest destination in the rate table the
    /// tenant may call: its own country's classes, international only when allowed, premium rate and
    /// satellite only when staff allowed them. With no such rate, <c>CallLimits:OutboundCentsPerMinute</c>.</summary>
    public async Task<int> DearestCentsPerMinuteAsync(Tenant tenant, CancellationToken ct)
    {
        var rates = await db.CallRates.AsNoTracking().Select(r => new { r.Prefix, r.PricePerMinuteMicros }).ToListAsync(ct);
        var dearest = rates.Where(r => MayCall(tenant, DestinationClasses.ClassOfPrefix(r.Prefix, tenant.Country))).Select(r => r.PricePerMinuteMicros).DefaultIfEmpty(0).Max();
        return dearest > 0
            ? (int)Math.Min(int.MaxValue, (dearest + MicrosPerCent - 1) / MicrosPerCent)
            : Math.Max(0, options.Value.OutboundCentsPerMinute);
    }

    /// <summary>What these calls cost together, in cents (rounded up): the rated cost of calls to the phone network.</summary>
    public static int SpentCents(IEnumerable<CallRecord> calls)
    {
        var micros = calls.Where(c => c.Direction == CallDirection.Outbound).Sum(c => c.CostMicros);
        return (int)Math.Min(int.MaxValue, (micros + MicrosPerCent - 1) / MicrosPerCent);
    }

    private static bool MayCall(Tenant tenant, DestinationClass c) =>
        DestinationClasses.NeedsStaffPermission(c) ? tenant.PremiumDestinationsAllowed
        : c != DestinationClass.International || tenant.InternationalCallsAllowed;
}
