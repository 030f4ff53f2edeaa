using Hangfire;
using UcPortal.Pbx;
using UcPortal.Web.Features.Email;

namespace UcPortal.Web.Features.Pbx.Sync;

public sealed class SipCoreOptions
{
    public const string Section = "SipCore";

    /// <summary>The SIP core's PostgreSQL database (Kamailio's tables). Empty: no SIP core (embedded default).</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>Kamailio's JSON-RPC over HTTP, e.g. http://127.0.0.1:5071/RPC.</summary>
    public string RpcUrl { get; set; } = "";

    /// <summary>Failed attempts after which the tenant is shown "failed" and staff are emailed.
    /// Retries go on after that (the reconcile job), so nothing configured is lost.</summary>
    public int AlertAfterFailedAttempts { get; set; } = 5;
}

/// <summary>Writes one tenant's whole configuration to the SIP core. Idempotent (the writer applies
/// the full state), retried with backoff by Hangfire while the SIP core is unreachable; the tenant
/// sees pending / applied / retrying with the reason, and staff are emailed once retries run long.
/// Syncs of one tenant run one at a time on every node (a lock per tenant in the job storage, so an
/// older state never lands after a newer one); syncs of different tenants run in parallel.</summary>
public sealed class SipCoreSyncJob(
    PortalDbContext db,
    TenantPbxStateBuilder builder,
    IPbxStateWriter writer,
    StaffAlerts staffAlerts,
    PortalUnitOfWork unitOfWork,
    PortalLinks links,
    Microsoft.Extensions.Options.IOptions<SipCoreOptions> options,
    TimeProvider clock,
    JobStorage jobStorage,
    IBackgroundJobClient jobs,
    ILogger<SipCoreSyncJob> log)
{
    /// <summary>The syncs one commit staged together (a lifecycle sweep's batch), in one job: each
    /// tenant as <see cref="RunAsync"/> syncs it, under its lock. A tenant whose sync fails (recorded on
    /// its sync state as always) gets a job of its own, which retries and alerts as if it had been
    /// queued alone.</summary>
    public async Task RunManyAsync(Guid[] tenantIds, CancellationToken ct)
    {
        foreach (var tenantId in tenantIds)
        {
            db.ChangeTracker.Clear();
            try
            {
                await RunAsync(tenantId, ct);
            }
            catch (Exception) when (!ct.IsCancellationRequested)
            {
                jobs.Enqueue<SipCoreSyncJob>(j => j.RunAsync(tenantId, CancellationToken.None));
            }
        }
    }

    /// <summary>How long a sync waits for another sync of the same tenant to finish (one takes
    /// milliseconds); past it Hangfire retries the job.</summary>
    internal static readonly TimeSpan TenantLockWait = TimeSpan.FromSeconds(60);

    internal static string TenantLockResource(Guid tenantId) => $"sip-core-sync:{tenantId:N}";

    [AutomaticRetry(Attempts = 10, DelaysInSeconds = [2, 5, 10, 20, 40, 60, 120, 300, 600, 1200])]
    public async Task RunAsync(Guid tenantId, CancellationToken ct)
    {
        // The state is read inside the lock, so whoever waited writes the newer version.
        using var connection = jobStorage.GetConnection();
        using var tenantLock = await Task.Run(() => connection.AcquireDistributedLock(TenantLockResource(tenantId), TenantLockWait), ct);
        await SyncAsync(tenantId, ct);
    }

    private async Task SyncAsync(Guid tenantId, CancellationToken ct)
    {
        var state = await builder.BuildAsync(tenantId, ct);
        if (state is null)
        {
            return;
        }
        var sync = await db.TenantSyncStates.SingleOrDefaultAsync(s => s.TenantId == tenantId, ct);
        if (sync is null)
        {
            sync = new TenantSyncState { TenantId = tenantId, Status = SyncStatus.Pending };
            db.TenantSyncStates.Add(sync);
            await db.SaveChangesAsync(ct);
        }
        if (!writer.IsConnected)
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        try
        {
            await writer.ApplyAsync(state, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await RecordFailureAsync(tenantId, ex, now);
            throw;
        }

        // Mark applied only up to the version this run wrote: a change saved meanwhile stays pending
        // (its own sync is already queued).
        await db.TenantSyncStates
            .Where(s => s.TenantId == tenantId && s.AppliedVersion <= state.Version)
            .ExecuteUpdateAsync(s => s
                .SetProperty(x => x.AppliedVersion, state.Version)
                .SetProperty(x => x.AppliedAtUtc, now)
                .SetProperty(x => x.LastAttemptAtUtc, now)
                .SetProperty(x => x.FailedAttempts, 0)
                .SetProperty(x => x.LastError, (string?)null)
                .SetProperty(x => x.StaffAlerted, false)
                .SetProperty(x => x.Status, x => x.DesiredVersion <= state.Version ? SyncStatus.Applied : SyncStatus.Pending), ct);
        log.LogInformation("Tenant {TenantId} synced to the SIP core at version {Version}", tenantId, state.Version);
    }

    private async Task RecordFailureAsync(Guid tenantId, Exception ex, DateTime now)
    {
        db.ChangeTracker.Clear();
        var sync = await db.TenantSyncStates.SingleAsync(s => s.TenantId == tenantId, CancellationToken.None);
        sync.FailedAttempts++;
        sync.LastAttemptAtUtc = now;
        sync.LastError = Describe(ex);
        sync.Status = sync.FailedAttempts >= options.Value.AlertAfterFailedAttempts ? SyncStatus.Failed : SyncStatus.Retrying;
        if (sync.Status == SyncStatus.Failed && !sync.StaffAlerted)
        {
            sync.StaffAlerted = true;
            var tenant = await db.Tenants.AsNoTracking().SingleAsync(t => t.Id == tenantId, CancellationToken.None);
            await staffAlerts.AddAsync(
                $"sip-sync-failed:{tenantId}:{now:yyyyMMddHH}",
                $"SIP core sync failing for {tenant.Name}",
                $"The configuration of {tenant.Name} could not be written to the SIP core after {sync.FailedAttempts} attempts. Retries continue automatically; the customer sees the change as 'failed, retrying'.",
                [("Tenant", tenant.Name), ("SIP domain", tenant.SipDomain), ("Last error", sync.LastError ?? "")],
                links.To("/admin/jobs"), CancellationToken.None);
        }
        await unitOfWork.CommitAsync(CancellationToken.None);
        log.LogWarning("Sync of tenant {TenantId} failed (attempt {Attempt}): {Error}", tenantId, sync.FailedAttempts, sync.LastError);
    }

    /// <summary>A reason a customer can read; never a connection string.</summary>
    internal static string Describe(Exception ex) => ex switch
    {
        Npgsql.NpgsqlException => "The SIP core's database cannot be reached.",
        HttpRequestException => "The SIP core does not answer.",
        TimeoutException => "The SIP core did not answer in time.",
        UcPortal.Pbx.KamailioRpcException => "The SIP core could not reload the change; it will be tried again.",
        _ => "The SIP core refused the change.",
    };
}

/// <summary>Catches up every tenant whose SIP core state is behind (a sync that gave up, a lost
/// job), and refreshes the business-hours calendars, which the SIP core holds 14 days ahead.</summary>
public sealed class SipCoreReconcileJob(PortalDbContext db, IBackgroundJobClient jobs, TimeProvider clock)
{
    public async Task RunAsync(CancellationToken ct)
    {
        var staleBefore = clock.GetUtcNow().UtcDateTime.AddMinutes(-5);
        var behind = await db.TenantSyncStates
            .Where(s => s.AppliedVersion < s.DesiredVersion && (s.LastAttemptAtUtc == null || s.LastAttemptAtUtc < staleBefore))
            .Select(s => s.TenantId)
            .Take(1000)
            .ToListAsync(ct);
        foreach (var id in behind)
        {
            jobs.Enqueue<SipCoreSyncJob>(j => j.RunAsync(id, CancellationToken.None));
        }
    }

    public async Task RefreshCalendarsAsync(CancellationToken ct)
    {
        var tenants = await db.NumberRoutes.Where(r => r.ScheduleId != null).Select(r => r.TenantId).Distinct().ToListAsync(ct);
        foreach (var id in tenants)
        {
            jobs.Enqueue<SipCoreSyncJob>(j => j.RunAsync(id, CancellationToken.None));
        }
    }
}
