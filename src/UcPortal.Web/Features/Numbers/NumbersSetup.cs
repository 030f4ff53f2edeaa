using UcPortal.Web.Hosting;

namespace UcPortal.Web.Features.Numbers;

public static class NumbersSetup
{
    public static void AddNumberInventory(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<QuarantineOptions>(builder.Configuration.GetSection("Lifecycle"));
        services.AddScoped<NumberInventory>();
        services.AddScoped<NumberInventorySeeder>();
        services.AddScoped<NumberQuarantine>();
        services.AddScoped<NumberImport>();
        services.AddScoped<NumberInventoryBrowser>();
        services.AddScoped<NumberInventoryChanges>();
        services.Configure<NumberSearchOptions>(builder.Configuration.GetSection("Numbers"));
        services.AddScoped<NumberSearch>();
        services.AddScoped<NumberHolds>();
        // Clears the columns of number holds that have ended (queries already ignore them).
        services.AddRecurringJob<NumberHoldCleanupJob>(NumberHoldCleanupJob.Id, "*/5 * * * *", (j, ct) => j.RunAsync(ct));
        // Returns numbers whose quarantine is over to the available stock of their pool (the daily sweep's last step).
        services.AddRecurringJob<NumberQuarantineJob>(NumberQuarantineJob.Id, "0 3 * * *", (j, ct) => j.RunAsync(ct), dailySweepStep: 8);
    }
}
