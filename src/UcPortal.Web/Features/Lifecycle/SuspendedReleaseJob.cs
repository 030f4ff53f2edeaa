using Hangfire;
using Microsoft.Extensions.Options;
using UcPortal.Web.Features.Email;

namespace UcPortal.Web.Features.Lifecycle;

/// <summary>The end of the grace period: a tenant suspended because its trial expired or its
/// subscription ended, and not upgraded within GraceDays, is released (SIP credentials removed from
/// the SIP core, numbers to quarantine; the configuration stays until the retention period ends).
/// Suspensions for non-payment or by staff are never released by this job.</summary>
public sealed class SuspendedReleaseJob(
    PortalDbContext db, TenantLifecycle lifecycle, PortalUnitOfWork unitOfWork, SuspensionLadder ladder, EmailTemplates templates, TimeProvider clock,
    IOptions<LifecycleOptions> options, ILogger<SuspendedReleaseJob> log)
{
    public const string Id = "suspended-release";
    public const string Cause = "job:" + Id;

    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    public async Task RunAsync(CancellationToken ct)
    {
        var o = options.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        var graceOverBefore = now.AddDays(-o.GraceDays);
        var count = 0;
        await foreach (var batch in TenantBatches.ReadAsync(db,
            t => t.Status == TenantStatus.Suspended &&
                 (t.SuspensionReason == SuspensionReason.TrialExpired || t.SuspensionReason == SuspensionReason.Cancelled) &&
                 t.SuspendedAtUtc <= graceOverBefore,
            o.BatchSize, ct))
        {
            var ids = batch.Select(t => t.Id).ToList();
            // The batch's numbers (tracked: the release quarantines them), owners and release emails already
            // sent, in three queries instead of three per tenant (decision 038).
            var numbers = (await db.PhoneNumbers.Where(n => n.TenantId != null && ids.Contains(n.TenantId.Value)).OrderBy(n => n.Id).ToListAsync(ct))
                .ToLookup(n => n.TenantId!.Value);
            await unitOfWork.PrepareEmailsAsync(ids, ids.Select(ReleasedKey), ct);
            foreach (var tenant in batch)
            {
                var why = tenant.SuspensionReason == SuspensionReason.TrialExpired
                    ? $"Trial expired and not upgraded within {o.GraceDays} days"
                    : $"Subscription ended and not renewed within {o.GraceDays} days";
                var own = numbers[tenant.Id].ToList();
                var releasedNumbers = own.Select(n => n.E164).Order(StringComparer.Ordinal).ToList();
                await lifecycle.ReleaseAsync(tenant, why, Cause, ct, own);
                await unitOfWork.EmailOwnerAsync(tenant,
                    (name, company) => templates.AccountReleased(name, company, releasedNumbers, ladder.PurgesOn(now)),
                    ReleasedKey(tenant.Id), ct);
                count++;
            }
            await unitOfWork.CommitAsync(ct);
        }
        log.LogInformation("Release after grace: {Count} tenant(s) released", count);
    }

    private static string ReleasedKey(Guid tenantId) => $"released:{tenantId:N}";
}
