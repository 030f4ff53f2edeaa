using UcPortal.Web.Hosting;

namespace UcPortal.Web.Features.Usage;

public static class UsageSetup
{
    public static void AddUsage(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<UsageQuery>();
        builder.Services.AddScoped<CallRateSeeder>();
        builder.Services.AddScoped<CallRateChanges>();
        // Imports the SIP core's call records and rates them against trial credit.
        builder.Services.AddRecurringJob<CallRecordImportJob>("call-record-import", "* * * * *", (j, ct) => j.RunAsync(ct));
    }
}
