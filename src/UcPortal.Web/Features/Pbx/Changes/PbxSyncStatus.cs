using UcPortal.Pbx;

namespace UcPortal.Web.Features.Pbx.Changes;

public enum ChangeState { NotConnected, Applied, Pending, Retrying }

public sealed record ChangeRow(ConfigChange Change, ChangeState State);

public sealed class SyncSummary
{
    public required bool Connected { get; init; }
    public required ChangeState State { get; init; }
    public TenantSyncState? Sync { get; init; }

    /// <summary>Poll while something can still change by itself.</summary>
    public bool ShouldPoll => State is ChangeState.Pending or ChangeState.Retrying;

    public const string NotConnectedMessage = "No SIP core is connected: your configuration is saved and checked, and will be applied when one is connected.";
}

public sealed class ChangesPage
{
    public required SyncSummary Summary { get; init; }
    public required List<ChangeRow> Changes { get; init; }
    public int Total { get; init; }
}

/// <summary>Whether the tenant's saved changes have reached the SIP core: applied (its version is at
/// most the applied version), pending, or failed and being retried with the reason. Without a SIP
/// core nothing is ever applied, and the pages say so instead of "pending" forever.</summary>
public sealed class PbxSyncStatus(PortalDbContext db, IPbxStateWriter writer)
{
    public const int PageSize = 100;

    public async Task<SyncSummary> SummaryAsync(Guid tenantId, CancellationToken ct)
    {
        var sync = await db.TenantSyncStates.AsNoTracking().SingleOrDefaultAsync(s => s.TenantId == tenantId, ct);
        return new SyncSummary { Connected = writer.IsConnected, Sync = sync, State = StateOf(sync, sync?.DesiredVersion ?? 0) };
    }

    public async Task<ChangesPage> PageAsync(Guid tenantId, CancellationToken ct)
    {
        var summary = await SummaryAsync(tenantId, ct);
        var changes = await db.ConfigChanges.AsNoTracking().Where(c => c.TenantId == tenantId)
            .OrderByDescending(c => c.Version).Take(PageSize).ToListAsync(ct);
        return new ChangesPage
        {
            Summary = summary,
            Changes = changes.Select(c => new ChangeRow(c, StateOf(summary.Sync, c.Version))).ToList(),
            Total = await db.ConfigChanges.CountAsync(c => c.TenantId == tenantId, ct),
        };
    }

    private ChangeState StateOf(TenantSyncState? sync, long version)
    {
        if (sync is not null && version <= sync.AppliedVersion)
        {
            return ChangeState.Applied;
        }
        if (!writer.IsConnected)
        {
            return ChangeState.NotConnected;
        }
        return sync?.Status is SyncStatus.Retrying or SyncStatus.Failed ? ChangeState.Retrying : ChangeState.Pending;
    }
}
