namespace UcPortal.Web.Features.CallLimits;

/// <summary>Settings of the limits calls to the phone network run under (section "CallLimits").</summary>
public sealed class CallLimitsOptions
{
    public const string Section = "CallLimits";

    /// <summary>The price of one minute to the phone network, in cents, used for a tenant's balance only when the
    /// rate table has no price for any destination it may call (<see cref="OutboundCallPricing"/>).</summary>
    public int OutboundCentsPerMinute { get; set; } = 2;

    /// <summary>Highest daily spending cap staff may set for one tenant, in cents.</summary>
    public int MaxDailySpendCapCents { get; set; } = 1_000_000;
}
