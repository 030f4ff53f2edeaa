using Hangfire;
using Microsoft.Extensions.Options;

namespace UcPortal.Web.Features.Lifecycle;

/// <summary>The end of the retention period: a tenant released more than RetentionDays ago has its
/// PBX configuration deleted (extensions, ring groups, schedules, routes, trunks, desk phones,
/// invitations, call records, change log, voicemail messages and their audio, porting requests and their letters of authorisation) and becomes Purged. The tenant row, its history, users and
/// invoices stay. Each batch's deletes and state changes commit in one transaction.</summary>
public sealed class RetentionPurgeJob(PortalDbContext db, TenantLifecycle lifecycle, PortalUnitOfWork unitOfWork, TimeProvider clock, IOptions<LifecycleOptions> options, Voicemail.VoicemailStorage voicemailFiles, Porting.PortingStorage portingFiles, ILogger<RetentionPurgeJob> log)
{
    public const string Id = "released-purge";
    public const string Cause = "job:" + Id;

    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    public async Task RunAsync(CancellationToken ct)
    {
        var o = options.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        var releasedBefore = now.AddDays(-o.RetentionDays);
        var (purged, rows) = (0, 0);
        await foreach (var batch in TenantBatches.ReadAsync(db,
            t => t.Status == TenantStatus.Released && t.ReleasedAtUtc <= releasedBefore, o.BatchSize, ct))
        {
            // The deletes run at once; the unit of work commits them with the state changes.
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var ids = batch.Select(t => t.Id).ToList();
            // Routes first: they point at schedules, which refuse to be deleted under them.
            rows += await db.NumberRoutes.Where(r => ids.Contains(r.TenantId)).ExecuteDeleteAsync(ct);
            rows += await db.Schedules.Where(s => ids.Contains(s.TenantId)).ExecuteDeleteAsync(ct);
            rows += await db.RingGroups.Where(g => ids.Contains(g.TenantId)).ExecuteDeleteAsync(ct);
            rows += await db.DeskPhones.Where(p => ids.Contains(p.TenantId)).ExecuteDeleteAsync(ct);
            rows += await db.Extensions.Where(e => ids.Contains(e.TenantId)).ExecuteDeleteAsync(ct);
            rows += await db.SipTrunks.Where(t => ids.Contains(t.TenantId)).ExecuteDeleteAsync(ct);
            rows += await db.TeamInvitations.Where(i => ids.Contains(i.TenantId)).ExecuteDeleteAsync(ct);
            rows += await db.CallRecords.Where(r => ids.Contains(r.TenantId)).ExecuteDeleteAsync(ct);
            rows += await db.ConfigChanges.Where(c => ids.Contains(c.TenantId)).ExecuteDeleteAsync(ct);
            rows += await db.VoicemailMessages.Where(m => ids.Contains(m.TenantId)).ExecuteDeleteAsync(ct);
            // Requests hold account numbers and a signed letter: personal data with no use after the retention.
            rows += await db.PortingRequests.Where(r => ids.Contains(r.TenantId)).ExecuteDeleteAsync(ct);
            batch.ForEach(tenant => lifecycle.MarkPurged(tenant, Cause));
            await unitOfWork.CommitAsync(ct);
            // The audio goes once the rows are gone (a failed commit keeps both).
            ids.ForEach(voicemailFiles.DeleteTenant);
            ids.ForEach(portingFiles.DeleteTenant);
            purged += batch.Count;
        }
        log.LogInformation("Retention purge: {Count} tenant(s) purged, {Rows} configuration rows deleted", purged, rows);
    }
}
