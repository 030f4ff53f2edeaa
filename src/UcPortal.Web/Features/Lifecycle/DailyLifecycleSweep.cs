namespace UcPortal.Web.Features.Lifecycle;

/// <summary>Runs every lifecycle sweep once, in the order the ladder needs: first the provider's
/// word (reconciliation), then the steps that suspend, then reminders, then release, purge and the
/// numbers' return. The recurring jobs run each sweep on its own schedule; this is the one entry
/// point for an operator (and the renewal benchmark) to run the whole day's work at once.</summary>
public sealed class DailyLifecycleSweep(
    BillingReconciliationJob reconciliation,
    SubscriptionEndJob subscriptionEnd,
    TrialExpiryJob trialExpiry,
    DunningJob dunning,
    TrialReminderJob trialReminders,
    SuspendedReleaseJob release,
    RetentionPurgeJob purge,
    NumberQuarantineJob quarantine)
{
    public const string Id = "lifecycle-daily";

    /// <summary>The sweeps in order, with their recurring-job ids.</summary>
    public IReadOnlyList<(string Id, Func<CancellationToken, Task> Run)> Steps =>
    [
        (BillingReconciliationJob.Id, reconciliation.RunAsync),
        (SubscriptionEndJob.Id, subscriptionEnd.RunAsync),
        (TrialExpiryJob.Id, trialExpiry.RunAsync),
        (DunningJob.Id, dunning.RunAsync),
        (TrialReminderJob.Id, trialReminders.RunAsync),
        (SuspendedReleaseJob.Id, release.RunAsync),
        (RetentionPurgeJob.Id, purge.RunAsync),
        (NumberQuarantineJob.Id, quarantine.RunAsync),
    ];

    public async Task RunAsync(CancellationToken ct)
    {
        foreach (var (_, run) in Steps)
        {
            await run(ct);
        }
    }
}
