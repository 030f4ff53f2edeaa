using Microsoft.EntityFrameworkCore;
using UcPortal.Data;
using UcPortal.Web.Features.Pbx.Sync;

namespace UcPortal.Web.Features.Pbx;

/// <summary>Saves a staged PBX change together with its change record in one SaveChanges (one
/// database transaction), then queues the sync. A save that loses a race (a unique key or the
/// tenant's version says no) becomes a message next to the field instead of an error page.</summary>
public sealed class PbxUnitOfWork(PortalDbContext db, PbxChangeRecorder recorder)
{
    /// <param name="conflictField">The field a refused save is about (the number, the name …).</param>
    /// <param name="conflictMessage">Shown there when a unique key refused the save.</param>
    /// <param name="recheck">The handler's own check of that field, asked again after a refused save.
    /// The database made this save wait until the other one was committed, so the check now sees
    /// what the other change took and can say so ("150 is already ring group 150 (Sales).").</param>
    public async Task<PbxResult> CommitAsync(PbxCaller caller, string description, string conflictField, string conflictMessage, CancellationToken ct,
        Func<CancellationToken, Task<string?>>? recheck = null)
    {
        await recorder.RecordAsync(caller.TenantId, description, caller.Actor, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e)
        {
            db.ChangeTracker.Clear();
            if (recheck is not null && await recheck(ct) is { } taken)
            {
                return PbxResult.Refused(conflictField, taken);
            }
            // DesiredVersion is a concurrency token: another change of this tenant was saved meanwhile.
            return e is DbUpdateConcurrencyException
                ? PbxResult.Refused("", "Someone else saved a change at the same moment. Please check and save again.")
                : PbxResult.Refused(conflictField, conflictMessage);
        }
        recorder.EnqueueSync(caller.TenantId);
        return PbxResult.Ok();
    }
}
