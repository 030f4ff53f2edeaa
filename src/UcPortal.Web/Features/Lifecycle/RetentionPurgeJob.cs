using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using UcPortal.Data;
using UcPortal.Data.Entities;

namespace UcPortal.Web.Features.Lifecycle;

/// <summary>The end of the retention period: a tenant released more than RetentionDays ago has its
/// PBX configuration deleted and becomes Purged. The tenant row, its history and invoices stay.
/// Each batch's deletes and state changes commit in one transaction.</summary>
public sealed class RetentionPurgeJob(PortalDbContext db, TenantLifecycle lifecycle, PortalUnitOfWork unitOfWork, TimeProvider clock, IOptions<LifecycleOptions> options, ILogger<RetentionPurgeJob> log)
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
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            rows += await lifecycle.PurgeAsync(batch, Cause, ct);
            await unitOfWork.CommitAsync(ct);
            purged += batch.Count;
        }
        log.LogInformation("Retention purge: {Count} tenant(s) purged, {Rows} configuration rows deleted", purged, rows);
    }
}
