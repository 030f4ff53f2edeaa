using UcPortal.Web.Hosting;

namespace UcPortal.Web.Features.CallLimits;

public static class CallLimitsSetup
{
    public static void AddCallLimits(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<CallLimitsOptions>(builder.Configuration.GetSection(CallLimitsOptions.Section));
        builder.Services.AddScoped<OutboundCallPricing>();
        builder.Services.AddScoped<OutboundCallLimits>();
        builder.Services.AddScoped<SpendCapChange>();
        // A new UTC day: paid tenants' daily spending caps start again on the SIP core.
        builder.Services.AddRecurringJob<CallBalanceRefreshJob>("call-balance-refresh", "0 0 * * *", (j, ct) => j.RunAsync(ct));
    }
}
