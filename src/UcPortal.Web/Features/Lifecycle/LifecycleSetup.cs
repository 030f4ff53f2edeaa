using Hangfire;

namespace UcPortal.Web.Features.Lifecycle;

/// <summary>The lifecycle sweeps (docs/decisions/009-lifecycle-ladder.md). LifecycleOptions itself
/// is bound by AddBilling, which also registers TenantLifecycle.</summary>
public static class LifecycleSetup
{
    public static void AddLifecycle(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<TrialReminderJob>();
        services.AddScoped<TrialExpiryJob>();
        services.AddScoped<SubscriptionEndJob>();
        services.AddScoped<DunningJob>();
        services.AddScoped<SuspendedReleaseJob>();
        services.AddScoped<RetentionPurgeJob>();
        services.AddScoped<NumberQuarantineJob>();
        services.AddScoped<BillingReconciliationJob>();
        services.AddScoped<DailyLifecycleSweep>();
    }

    /// <summary>Registers the lifecycle's recurring jobs (stable ids, UTC cron). The steps that
    /// follow a clock of their own (a trial's end, a failed payment) run hourly so they happen within
    /// the hour; the others run once a night, after the reconciliation.</summary>
    public static void RegisterLifecycleJobs(this WebApplication app)
    {
        var recurring = app.Services.GetRequiredService<IRecurringJobManager>();
        // Corrects every subscription from the provider's copy and records recent invoices (missed webhooks).
        recurring.AddOrUpdate<BillingReconciliationJob>(BillingReconciliationJob.Id, j => j.RunAsync(CancellationToken.None), "0 2 * * *");
        // Suspends paid tenants whose subscription was set to cancel and whose paid period is over.
        recurring.AddOrUpdate<SubscriptionEndJob>(SubscriptionEndJob.Id, j => j.RunAsync(CancellationToken.None), "5 * * * *");
        // Suspends trials whose end has passed and emails how to upgrade.
        recurring.AddOrUpdate<TrialExpiryJob>(TrialExpiryJob.Id, j => j.RunAsync(CancellationToken.None), "10 * * * *");
        // Dunning of past-due tenants: emails on days 1/3/7, suspension on day 7, cancellation on day 14.
        recurring.AddOrUpdate<DunningJob>(DunningJob.Id, j => j.RunAsync(CancellationToken.None), "15 * * * *");
        // Emails trial reminders 3 days and 1 day before the end and when credit falls under 20 %.
        recurring.AddOrUpdate<TrialReminderJob>(TrialReminderJob.Id, j => j.RunAsync(CancellationToken.None), "20 * * * *");
        // Releases tenants suspended (trial expired, subscription ended) for longer than the grace period.
        recurring.AddOrUpdate<SuspendedReleaseJob>(SuspendedReleaseJob.Id, j => j.RunAsync(CancellationToken.None), "30 2 * * *");
        // Deletes the PBX configuration of tenants released longer than the retention period.
        recurring.AddOrUpdate<RetentionPurgeJob>(RetentionPurgeJob.Id, j => j.RunAsync(CancellationToken.None), "45 2 * * *");
        // Returns numbers whose quarantine is over to the available stock of their pool.
        recurring.AddOrUpdate<NumberQuarantineJob>(NumberQuarantineJob.Id, j => j.RunAsync(CancellationToken.None), "0 3 * * *");
    }
}
