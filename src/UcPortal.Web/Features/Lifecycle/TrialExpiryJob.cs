using Hangfire;
using Microsoft.Extensions.Options;

namespace UcPortal.Web.Features.Lifecycle;

/// <summary>Suspends each trial whose end has passed (calls and registrations refused through the
/// SIP-core sync, configuration kept) and emails the owner how to upgrade before release.</summary>
public sealed class TrialExpiryJob(PortalDbContext db, TenantLifecycle lifecycle, TrialFeedback.TrialExitFeedback feedback, PortalUnitOfWork unitOfWork, TimeProvider clock, IOptions<LifecycleOptions> options, ILogger<TrialExpiryJob> log)
{
    public const string Id = "trial-expiry";
    public const string Cause = "job:" + Id;

    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    public async Task RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var suspended = 0;
        await foreach (var batch in TenantBatches.ReadAsync(db,
            t => t.Status == TenantStatus.Trial && t.TrialExpiresAtUtc <= now, options.Value.BatchSize, ct))
        {
            // The batch's owners, emails already sent and follow-ups in three queries instead of three per tenant (decision 038).
            var ids = batch.Select(t => t.Id).ToList();
            await unitOfWork.PrepareEmailsAsync(ids, ids.Select(id => TenantLifecycle.SuspendedEmailKey(id, SuspensionReason.TrialExpired, unitOfWork.Now)), ct);
            await feedback.LoadAsync(ids, ct);
            foreach (var tenant in batch)
            {
                lifecycle.Suspend(tenant, SuspensionReason.TrialExpired, $"Trial ended {tenant.TrialExpiresAtUtc:yyyy-MM-dd HH:mm} UTC", Cause);
                await lifecycle.EmailSuspendedAsync(tenant, ct);
                // Staff follow up trials that end without converting; the email asks the prospect why.
                await feedback.OpenAsync(tenant, ct);
                suspended++;
            }
            await unitOfWork.CommitAsync(ct);
        }
        log.LogInformation("Trial expiry: {Count} trial(s) suspended", suspended);
    }
}
