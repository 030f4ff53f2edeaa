namespace UcPortal.Web.Features.Shared;

/// <summary>Entities a unit of work has added and not saved yet. Added entities are tracked the moment they
/// are added, so reading <c>DbSet.Local</c> needs no DetectChanges pass; with it, every read scanned everything
/// tracked: O(batch²) in a lifecycle sweep (decision 038).</summary>
public static class StagedEntities
{
    public static TResult ReadStaged<TResult>(this DbContext db, Func<TResult> read)
    {
        var detect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            return read();
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = detect;
        }
    }
}
