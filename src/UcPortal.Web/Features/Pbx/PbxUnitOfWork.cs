using Microsoft.EntityFrameworkCore;
using UcPortal.Data;
using UcPortal.Web.Features.Pbx.Sync;

namespace UcPortal.Web.Features.Pbx;

/// <summary>Saves a staged PBX change together with its change record in one SaveChanges (one
/// database transaction), then queues the sync. A unique index that says no (a number taken at the
/// same moment) becomes a message next to the field instead of an error page.</summary>
public sealed class PbxUnitOfWork(PortalDbContext db, PbxChangeRecorder recorder)
{
    public async Task<PbxResult> CommitAsync(PbxCaller caller, string description, string conflictField, string conflictMessage, CancellationToken ct)
    {
        await recorder.RecordAsync(caller.TenantId, description, caller.Actor, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // DesiredVersion is a concurrency token: another change of this tenant was saved meanwhile.
            db.ChangeTracker.Clear();
            return PbxResult.Refused("", "Someone else saved a change at the same moment. Please check and save again.");
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return PbxResult.Refused(conflictField, conflictMessage);
        }
        recorder.EnqueueSync(caller.TenantId);
        return PbxResult.Ok();
    }
}
