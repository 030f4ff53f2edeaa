using UcPortal.Web.Hosting;

namespace UcPortal.Web.Features.Lifecycle;

/// <summary>The service state machine and the lifecycle's sweeps (docs/decisions/011-lifecycle-ladder.md).
/// The sweeps that follow a clock of their own (a trial's end) run hourly so they happen within the
/// hour; the others run once a night, after the billing reconciliation.</summary>
public static class LifecycleSetup
{
    public static void AddLifecycle(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<LifecycleOptions>(builder.Configuration.GetSection(LifecycleOptions.Section));
        services.AddScoped<TenantLifecycle>();
        services.AddSingleton<SuspensionLadder>();
        services.AddScoped<StaffActions>();
        services.AddScoped<DailyLifecycleSweep>();
        // Suspends trials whose end has passed and emails how to upgrade.
        services.AddRecurringJob<TrialExpiryJob>(TrialExpiryJob.Id, "10 * * * *", (j, ct) => j.RunAsync(ct), dailySweepStep: 3);
        // Emails trial reminders 3 days and 1 day before the end and when credit falls under 20 %.
        services.AddRecurringJob<TrialReminderJob>(TrialReminderJob.Id, "20 * * * *", (j, ct) => j.RunAsync(ct), dailySweepStep: 5);
        // Releases tenants suspended (trial expired, subscription ended) for longer than the grace period.
        services.AddRecurringJob<SuspendedReleaseJob>(SuspendedReleaseJob.Id, "30 2 * * *", (j, ct) => j.RunAsync(ct), dailySweepStep: 6);
        // Deletes the PBX configuration of tenants released longer than the retention period.
        services.AddRecurringJob<RetentionPurgeJob>(RetentionPurgeJob.Id, "45 2 * * *", (j, ct) => j.RunAsync(ct), dailySweepStep: 7);
    }
}
