using Hangfire;

namespace UcPortal.Web.Features.Email;

/// <summary>Enqueues again the emails still pending well after they were stored or last tried:
/// their job was lost (process died between commit and enqueue) or gave up during a long outage.</summary>
public sealed class OutboxSweepJob(PortalDbContext db, IBackgroundJobClient jobs, TimeProvider clock)
{
    public async Task RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var neverTried = now.AddMinutes(-5);
        var staleAttempt = now.AddMinutes(-30);
        var ids = await db.OutboxEmails
            .Where(e => e.Status == OutboxStatus.Pending &&
                        ((e.LastAttemptAtUtc == null && e.CreatedAtUtc < neverTried) || e.LastAttemptAtUtc < staleAttempt))
            .OrderBy(e => e.CreatedAtUtc)
            .Select(e => e.Id)
            .Take(500)
            .ToListAsync(ct);
        foreach (var id in ids)
        {
            jobs.Enqueue<SendOutboxEmailJob>(j => j.RunAsync(id, CancellationToken.None));
        }
    }
}
