namespace UcPortal.Web.Features.Porting;

/// <summary>How a request moves to its next status and how that move is saved: every move raises the
/// request's <see cref="PortingRequest.Version"/> (a concurrency token), so of two people acting on the same
/// request at once, one wins and the other is told what happened instead.</summary>
internal static class PortingMoves
{
    public static void Apply(PortingRequest request, PortingStep step, DateTime now)
    {
        request.Status = PortingRules.After(step);
        request.UpdatedAtUtc = now;
        request.Version++;
        if (!request.IsOpen)
        {
            request.OpenE164 = null;
            request.ClosedAtUtc = now;
        }
    }

    public static async Task<FormResult> CommitAsync(PortalUnitOfWork unitOfWork, PortalDbContext db, PortingRequest request, CancellationToken ct)
    {
        try
        {
            await unitOfWork.CommitAsync(ct);
            return FormResult.Ok();
        }
        catch (DbUpdateException)
        {
            if (db.Database.CurrentTransaction is { } transaction)
            {
                await transaction.RollbackAsync(CancellationToken.None);
            }
            db.ChangeTracker.Clear();
            var status = await db.PortingRequests.Where(r => r.Id == request.Id).Select(r => r.Status).SingleAsync(ct);
            return FormResult.Refused("", $"Someone else changed this request at the same moment: it is now {PortingRules.Describe(status).ToLowerInvariant()}. Nothing was changed by you; check it and try again.");
        }
    }
}
