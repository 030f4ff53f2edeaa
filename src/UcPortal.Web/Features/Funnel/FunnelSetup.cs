using UcPortal.Web.Hosting;

namespace UcPortal.Web.Features.Funnel;

public static class FunnelSetup
{
    public static void AddFunnel(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<FunnelReport>();
        // Records the first time a phone of each tenant is seen registered in the SIP core (the funnel's "first registration").
        builder.Services.AddRecurringJob<FirstRegistrationJob>(FirstRegistrationJob.Id, "*/5 * * * *", (j, ct) => j.RunAsync(ct));
    }
}
