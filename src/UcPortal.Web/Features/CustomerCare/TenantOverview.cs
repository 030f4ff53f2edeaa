using UcPortal.Pbx;
using UcPortal.Web.Features.Lifecycle;

namespace UcPortal.Web.Features.CustomerCare;

public sealed record OverviewNumber(string E164, NumberStatus Status, NumberPool Pool, string? EmergencyAddress);

public sealed record OverviewExtension(Guid Id, string Number, string Name, string SipUsername, string? Email, SipRegistration? Registration);

public sealed record OverviewCall(DateTime StartedAtUtc, CallDirection Direction, string From, string To, int DurationSeconds, string Disposition, long CostMicros);

public sealed record OverviewEmail(Guid Id, DateTime CreatedAtUtc, string Subject, string ToAddress, string Template, OutboxStatus Status, int Attempts, string? LastError);

/// <summary>Everything support needs about one tenant on one page ("customer 360").</summary>
public sealed class TenantOverviewPage
{
    public const int TimelineShown = 150;

    public required Tenant Tenant { get; init; }
    public required Plan Plan { get; init; }
    public string? OwnerEmail { get; init; }
    public string? OwnerName { get; init; }
    public string? OwnerMobile { get; init; }
    public List<OverviewNumber> Numbers { get; init; } = [];
    public List<OverviewExtension> Extensions { get; init; } = [];
    /// <summary>Null when no SIP core is connected (the embedded default): nobody can know.</summary>
    public bool RegistrationsKnown { get; init; }
    public TenantSyncState? Sync { get; init; }
    public List<OverviewCall> RecentCalls { get; init; } = [];
    public List<BillingInvoice> Invoices { get; init; } = [];
    public List<OverviewEmail> Emails { get; init; } = [];
    public List<TimelineEntry> Timeline { get; init; } = [];
    public DateTime NowUtc { get; init; }
    public string? NextStep { get; init; }
    public bool CanSuspend => StaffActions.CanSuspend(Tenant);
    public bool CanResume => StaffActions.CanResume(Tenant);
    public bool CanExtendTrial => StaffActions.CanExtendTrial(Tenant);
    public bool CanAddCredit => Tenant.IsTrialOrExpiredTrial;
    public bool CanCancelSubscription => Tenant.HasPaidSubscription;
    public int RegisteredExtensions => Extensions.Count(e => e.Registration is not null);
}

/// <summary>Reads the tenant page: the tenant and its plan, owner, numbers, extensions with their
/// live registrations (the SIP core's location table), the SIP-core sync state, recent calls,
/// invoices, emails and the timeline. A dozen small queries by tenant id.</summary>
public sealed class TenantOverview(PortalDbContext db, TenantTimeline timeline, ISipRegistrations registrations, SuspensionLadder ladder, TimeProvider clock, ILogger<TenantOverview> log)
{
    public async Task<TenantOverviewPage?> ReadAsync(Guid tenantId, CancellationToken ct)
    {
        var tenant = await db.Tenants.AsNoTracking().Include(t => t.Plan).SingleOrDefaultAsync(t => t.Id == tenantId, ct);
        if (tenant?.Plan is null)
        {
            return null;
        }
        var owner = await db.Users.AsNoTracking().Where(u => u.TenantId == tenantId && u.TenantRole == TenantRole.Owner)
            .Select(u => new { u.Email, u.FullName }).FirstOrDefaultAsync(ct);
        var extensions = await db.Extensions.AsNoTracking().Where(e => e.TenantId == tenantId).OrderBy(e => e.Number)
            .Select(e => new { e.Id, e.Number, e.Name, e.SipUsername, e.Email }).ToListAsync(ct);
        var live = await ReadRegistrationsAsync(tenant, ct);
        return new TenantOverviewPage
        {
            Tenant = tenant,
            Plan = tenant.Plan,
            OwnerEmail = owner?.Email,
            OwnerName = owner?.FullName,
            OwnerMobile = tenant.VerifiedMobileE164,
            Numbers = await db.PhoneNumbers.AsNoTracking().Where(n => n.TenantId == tenantId).OrderBy(n => n.E164)
                .Select(n => new OverviewNumber(n.E164, n.Status, n.Pool, n.EmergencyAddress)).ToListAsync(ct),
            Extensions = extensions.Select(e => new OverviewExtension(e.Id, e.Number, e.Name, e.SipUsername, e.Email,
                live?.GetValueOrDefault(e.SipUsername))).ToList(),
            RegistrationsKnown = live is not null,
            Sync = await db.TenantSyncStates.AsNoTracking().SingleOrDefaultAsync(s => s.TenantId == tenantId, ct),
            RecentCalls = await db.CallRecords.AsNoTracking().Where(c => c.TenantId == tenantId).OrderByDescending(c => c.StartedAtUtc).Take(8)
                .Select(c => new OverviewCall(c.StartedAtUtc, c.Direction, c.FromNumber, c.ToNumber, c.DurationSeconds, c.Disposition, c.CostMicros)).ToListAsync(ct),
            Invoices = await db.BillingInvoices.AsNoTracking().Where(i => i.TenantId == tenantId).OrderByDescending(i => i.CreatedAtUtc).Take(6).ToListAsync(ct),
            Emails = await db.OutboxEmails.AsNoTracking().Where(e => e.TenantId == tenantId).OrderByDescending(e => e.CreatedAtUtc).Take(10)
                .Select(e => new OverviewEmail(e.Id, e.CreatedAtUtc, e.Subject, e.ToAddress, e.Template, e.Status, e.Attempts, e.LastError)).ToListAsync(ct),
            Timeline = await timeline.ReadAsync(tenantId, TenantOverviewPage.TimelineShown, ct),
            NowUtc = clock.GetUtcNow().UtcDateTime,
            NextStep = ladder.NextStep(tenant),
        };
    }

    /// <summary>The SIP core's registrations, or null when none is connected or it cannot be read
    /// (the page says so instead of failing).</summary>
    private async Task<IReadOnlyDictionary<string, SipRegistration>?> ReadRegistrationsAsync(Tenant tenant, CancellationToken ct)
    {
        try
        {
            return await registrations.ForDomainAsync(tenant.SipDomain, ct);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
        {
            log.LogWarning(e, "Registrations of {Domain} could not be read", tenant.SipDomain);
            return null;
        }
    }
}
