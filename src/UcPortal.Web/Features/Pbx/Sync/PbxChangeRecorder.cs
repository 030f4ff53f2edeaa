using Hangfire;
using Microsoft.EntityFrameworkCore;
using UcPortal.Data;
using UcPortal.Data.Entities;

namespace UcPortal.Web.Features.Pbx.Sync;

/// <summary>Every saved change of a tenant's PBX goes through here: it numbers the change, raises
/// the tenant's desired version in the same unit of work as the change itself, and after the
/// commit enqueues a sync of the tenant to the SIP core.</summary>
public sealed class PbxChangeRecorder(PortalDbContext db, IBackgroundJobClient jobs, TimeProvider clock)
{
    /// <summary>Stages the change record; call <see cref="EnqueueSync"/> after SaveChanges/commit.</summary>
    public async Task<ConfigChange> RecordAsync(Guid tenantId, string description, string actor, CancellationToken ct)
    {
        var state = await db.TenantSyncStates.SingleOrDefaultAsync(s => s.TenantId == tenantId, ct);
        if (state is null)
        {
            state = new TenantSyncState { TenantId = tenantId, Status = SyncStatus.Pending };
            db.TenantSyncStates.Add(state);
        }
        // DesiredVersion is a concurrency token: two changes saved at once cannot get one number.
        state.DesiredVersion++;
        state.Status = SyncStatus.Pending;
        var change = new ConfigChange
        {
            TenantId = tenantId,
            Version = state.DesiredVersion,
            Description = description.Length > 300 ? description[..300] : description,
            Actor = actor,
            AtUtc = clock.GetUtcNow().UtcDateTime,
        };
        db.ConfigChanges.Add(change);
        return change;
    }

    public void EnqueueSync(Guid tenantId) =>
        jobs.Enqueue<SipCoreSyncJob>(j => j.RunAsync(tenantId, CancellationToken.None));

    /// <summary>Records, saves and enqueues: for a handler whose only change is already staged.</summary>
    public async Task SaveAsync(Guid tenantId, string description, string actor, CancellationToken ct)
    {
        await RecordAsync(tenantId, description, actor, ct);
        await db.SaveChangesAsync(ct);
        EnqueueSync(tenantId);
    }
}
