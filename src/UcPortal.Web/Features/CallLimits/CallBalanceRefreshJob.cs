using Hangfire;
using UcPortal.Web.Features.Pbx.Sync;

namespace UcPortal.Web.Features.CallLimits;

/// <summary>A new UTC day gives paid tenants their daily spending cap again: their balance on the SIP core
/// is rewritten (a sync of each paid tenant with a cap; the sync job recomputes the balance).</summary>
public sealed class CallBalanceRefreshJob(PortalDbContext db, IBackgroundJobClient jobs)
{
    public async Task RunAsync(CancellationToken ct)
    {
        var tenants = await db.Tenants
            .Where(t => (t.Status == TenantStatus.Active || t.Status == TenantStatus.PastDue)
                && ((t.DailySpendCapCents ?? t.Plan!.DailySpendCapCents) > 0))
            .Select(t => t.Id).ToListAsync(ct);
        foreach (var id in tenants)
        {
            jobs.Enqueue<SipCoreSyncJob>(j => j.RunAsync(id, CancellationToken.None));
        }
    }
}
