using UcPortal.Pbx;

namespace UcPortal.Web.Features.Funnel;

/// <summary>Records when each tenant's first phone registered (the funnel's "first registration"). The
/// SIP core keeps only current registrations, so this job asks it every few minutes which of the
/// tenants not seen registered yet have a phone registered now; the time recorded is when it was seen.
/// Idempotent: a tenant's time is set once and the sweep only looks at tenants without one.</summary>
public sealed class FirstRegistrationJob(PortalDbContext db, PortalUnitOfWork unitOfWork, ISipRegistrations registrations)
{
    public const string Id = "first-registration";
    private const string Cause = "job:" + Id;
    private const int BatchSize = 500;

    public async Task RunAsync(CancellationToken ct)
    {
        var after = "";
        while (true)
        {
            // Tenants that can register (running or paid); keyset over the unique SIP domain.
            var batch = await db.Tenants
                .Where(t => t.FirstRegistrationAtUtc == null && (t.Status == TenantStatus.Trial || t.Status == TenantStatus.Active || t.Status == TenantStatus.PastDue)
                            && string.Compare(t.SipDomain, after) > 0)
                .OrderBy(t => t.SipDomain)
                .Select(t => t.SipDomain)
                .Take(BatchSize)
                .ToListAsync(ct);
            if (batch.Count == 0)
            {
                return;
            }
            var registered = await registrations.RegisteredDomainsAsync(batch, ct);
            if (registered is null)
            {
                return; // No SIP core connected: nobody can register.
            }
            await RecordAsync(registered, ct);
            after = batch[^1];
        }
    }

    /// <summary>Sets the first-registration time of the tenants of these domains that have none yet.</summary>
    public async Task<int> RecordAsync(IReadOnlyCollection<string> registeredDomains, CancellationToken ct)
    {
        if (registeredDomains.Count == 0)
        {
            return 0;
        }
        var domains = registeredDomains.Select(d => d.ToLowerInvariant()).ToList();
        var tenants = await db.Tenants.Where(t => domains.Contains(t.SipDomain) && t.FirstRegistrationAtUtc == null).ToListAsync(ct);
        foreach (var tenant in tenants)
        {
            tenant.FirstRegistrationAtUtc = unitOfWork.Now;
            unitOfWork.AddEvent(tenant.Id, "funnel", "First phone registered", Cause);
        }
        await unitOfWork.CommitAsync(ct);
        return tenants.Count;
    }
}
