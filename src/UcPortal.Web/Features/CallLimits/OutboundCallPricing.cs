using Microsoft.Extensions.Options;

namespace UcPortal.Web.Features.CallLimits;

/// <summary>What calls to the phone network cost: the one place the spending cap, the balance pushed to the
/// SIP core and the fraud rule on spend take their prices from.
/// REVIEW: one flat price per minute (CallLimits:OutboundCentsPerMinute) until the rate table by
/// destination replaces the body of these two methods; nothing else prices calls.</summary>
public sealed class OutboundCallPricing(IOptions<CallLimitsOptions> options)
{
    /// <summary>The price of a minute to <paramref name="toNumber"/> (E.164), in cents; for a balance of
    /// seconds without a number (<paramref name="toNumber"/> null) the price of the dearest destination allowed.</summary>
    public int CentsPerMinute(Tenant tenant, string? toNumber) => Math.Max(0, options.Value.OutboundCentsPerMinute);

    /// <summary>What a rated call cost, in cents: billed minutes at the price of its destination; calls that
    /// did not go out to the phone network cost nothing.</summary>
    public int CostCents(Tenant tenant, CallRecord call) =>
        call.Direction == CallDirection.Outbound ? call.BilledSeconds / 60 * CentsPerMinute(tenant, call.ToNumber) : 0;
}
