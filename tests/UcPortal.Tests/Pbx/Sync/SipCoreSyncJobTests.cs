using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UcPortal.Data.Entities;
using UcPortal.Pbx;
using UcPortal.Tests.Infrastructure;
using UcPortal.Web.Features.Pbx.Sync;
using UcPortal.Web.Features.Shared;

namespace UcPortal.Tests.Pbx.Sync;

/// <summary>A SIP-core writer that records what it was given and fails while told to.</summary>
public sealed class RecordingWriter : IPbxStateWriter
{
    public bool IsConnected => true;

    public List<TenantPbxState> Applied { get; } = [];

    public bool Down { get; set; }

    /// <summary>What the SIP core fails with while <see cref="Down"/> (default: the RPC port refuses the connection).</summary>
    public Func<Exception>? Failure { get; set; }

    /// <summary>Awaited before a state is written: a test holds a sync in the middle of its write.</summary>
    public Func<TenantPbxState, Task>? BeforeApply { get; set; }

    public async Task ApplyAsync(TenantPbxState state, CancellationToken ct)
    {
        if (Down)
        {
            throw Failure?.Invoke() ?? new HttpRequestException("Connection refused (127.0.0.1:5071)");
        }
        if (BeforeApply is { } hold)
        {
            await hold(state);
        }
        lock (Applied)
        {
            Applied.Add(state);
        }
    }

    public Task RemoveTenantAsync(Guid tenantId, string sipDomain, CancellationToken ct) => Task.CompletedTask;
}

public class SyncPortal<TPortal> : IDisposable where TPortal : PortalFactory, new()
{
    public SyncPortal()
    {
        Portal.Settings["SipCore:AlertAfterFailedAttempts"] = "3";
        Portal.TestServices = services => services.AddSingleton<IPbxStateWriter>(Writer);
    }

    public RecordingWriter Writer { get; } = new();

    public TPortal Portal { get; } = new();

    public void Dispose() => Portal.Dispose();
}

public sealed class SqliteSyncPortal : SyncPortal<SqlitePortal>;

public sealed class PostgresSyncPortal : SyncPortal<PostgresPortal>;

/// <summary>Changes reach the SIP core through the sync job: applied versions advance only to what
/// was written, failures are shown with a readable reason and retried, staff hear once.</summary>
public abstract class SipCoreSyncJobTests<TFixture, TPortal>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : SyncPortal<TPortal>
    where TPortal : PortalFactory, new()
{
    [Fact]
    public async Task ASyncWritesTheTenantsWholeState_AndMarksItsChangesApplied()
    {
        var tenantId = await NewTenantAsync();
        await RecordChangeAsync(tenantId, "Extension 100 renamed");

        await RunSyncAsync(tenantId);

        var state = fixture.Writer.Applied.Last(s => s.TenantId == tenantId);
        Assert.Equal(["100", "101", "102"], state.Extensions.Select(e => e.Number));
        Assert.All(state.Extensions, e => Assert.Matches("^[0-9a-f]{32}$", e.Ha1));
        Assert.True(state.Flags.Trial);
        Assert.Equal(2, state.Flags.MaxConcurrentCalls);
        Assert.Equal("44", state.Flags.CountryCallingCode); // the signup country (GB), where the verified mobile is
        var number = Assert.Single(state.Numbers);
        Assert.Equal(new PbxDestination("extension", "100"), number.Open);
        var sync = await SyncStateAsync(tenantId);
        Assert.Equal((SyncStatus.Applied, 1L, 1L), (sync.Status, sync.DesiredVersion, sync.AppliedVersion));
        Assert.NotNull(sync.AppliedAtUtc);
    }

    [Fact]
    public async Task WhileTheSipCoreIsDown_TheChangeIsRetrying_WithAReadableReason_ThenFailedAndStaffAlertedOnce()
    {
        var tenantId = await NewTenantAsync();
        await RecordChangeAsync(tenantId, "Ring group 200 added");
        fixture.Writer.Down = true;
        try
        {
            await Assert.ThrowsAsync<HttpRequestException>(() => RunSyncAsync(tenantId));
            var first = await SyncStateAsync(tenantId);
            Assert.Equal((SyncStatus.Retrying, 1), (first.Status, first.FailedAttempts));
            Assert.Equal("The SIP core does not answer.", first.LastError);
            Assert.DoesNotContain("127.0.0.1", first.LastError);

            for (var i = 0; i < 3; i++)
            {
                await Assert.ThrowsAsync<HttpRequestException>(() => RunSyncAsync(tenantId));
            }
            var failed = await SyncStateAsync(tenantId);
            Assert.Equal(SyncStatus.Failed, failed.Status);
            Assert.Equal(1, await fixture.Portal.WithDbAsync(db => db.OutboxEmails.CountAsync(e => e.Template == "staff-alert" && e.Subject.Contains("SIP core sync failing"))));
        }
        finally
        {
            fixture.Writer.Down = false;
        }

        // Back up: the reconcile job re-enqueues, the next run applies everything saved meanwhile.
        await RecordChangeAsync(tenantId, "Extension 101 forwarding changed");
        await RunSyncAsync(tenantId);
        var recovered = await SyncStateAsync(tenantId);
        Assert.Equal((SyncStatus.Applied, 2L, 2L, 0), (recovered.Status, recovered.DesiredVersion, recovered.AppliedVersion, recovered.FailedAttempts));
        Assert.Null(recovered.LastError);
    }

    [Fact]
    public async Task AChangeSavedWhileASyncRuns_StaysPending()
    {
        var tenantId = await NewTenantAsync();
        await RecordChangeAsync(tenantId, "first");
        var writing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        fixture.Writer.BeforeApply = async state =>
        {
            if (state.TenantId == tenantId && state.Version == 1)
            {
                writing.TrySetResult();
                await release.Task;
            }
        };
        try
        {
            // A sync reads version 1 and is still writing it when version 2 is saved.
            var sync = RunSyncAsync(tenantId);
            await writing.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await RecordChangeAsync(tenantId, "second");
            release.SetResult();
            await sync;
        }
        finally
        {
            fixture.Writer.BeforeApply = null;
        }

        var afterFirst = await SyncStateAsync(tenantId);
        Assert.Equal((SyncStatus.Pending, 2L, 1L), (afterFirst.Status, afterFirst.DesiredVersion, afterFirst.AppliedVersion));
        await RunSyncAsync(tenantId);
        var afterSecond = await SyncStateAsync(tenantId);
        Assert.Equal((SyncStatus.Applied, 2L, 2L), (afterSecond.Status, afterSecond.DesiredVersion, afterSecond.AppliedVersion));
    }

    [Fact]
    public async Task ASecondSyncOfTheSameTenant_WaitsForTheRunningOne_ThenWritesTheNewerVersion()
    {
        // Syncs of one tenant take its lock (decision 028): a slow sync of version 1 cannot be overtaken by the
        // sync of version 2, which waits, then reads and writes version 2. (Before the lock, version 2 was
        // written first and the slow sync's late write had to be kept from taking the applied version back.)
        var tenantId = await NewTenantAsync();
        await RecordChangeAsync(tenantId, "first");
        var writing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var written = new System.Collections.Concurrent.ConcurrentQueue<(long Version, bool WhileFirstHeld)>();
        fixture.Writer.BeforeApply = async state =>
        {
            if (state.TenantId != tenantId)
            {
                return;
            }
            written.Enqueue((state.Version, !release.Task.IsCompleted));
            if (state.Version == 1)
            {
                writing.TrySetResult();
                await release.Task;
            }
        };
        try
        {
            // Each sync in its own execution context, as two Hangfire workers run them (a lock is re-entrant
            // within one async flow on some storages).
            Task slow, waiting;
            using (ExecutionContext.SuppressFlow())
            {
                slow = Task.Run(() => RunSyncAsync(tenantId));
            }
            await writing.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await RecordChangeAsync(tenantId, "second");
            using (ExecutionContext.SuppressFlow())
            {
                waiting = Task.Run(() => RunSyncAsync(tenantId));
            }
            // Unlocked, the second sync writes within milliseconds; locked, it is still waiting a second later.
            await Task.WhenAny(waiting, Task.Delay(TimeSpan.FromSeconds(1)));
            Assert.False(waiting.IsCompleted, "the second sync did not wait for the first");
            release.SetResult();
            await slow.WaitAsync(TimeSpan.FromSeconds(60));
            await waiting.WaitAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            release.TrySetResult();
            fixture.Writer.BeforeApply = null;
        }

        Assert.Equal([(1L, true), (2L, false)], written.ToArray());
        var sync = await SyncStateAsync(tenantId);
        Assert.Equal((SyncStatus.Applied, 2L, 2L), (sync.Status, sync.DesiredVersion, sync.AppliedVersion));
    }

    public static TheoryData<string, string> Failures => new()
    {
        { "timeout", "The SIP core did not answer in time." },
        { "rpc", "The SIP core could not reload the change; it will be tried again." },
        { "database", "The SIP core's database cannot be reached." },
        { "other", "The SIP core refused the change." },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task EachKindOfSipCoreFailure_IsShownWithItsOwnReadableReason_NeverTheTechnicalMessage(string kind, string reason)
    {
        var tenantId = await NewTenantAsync();
        await RecordChangeAsync(tenantId, "Extension 100 renamed");
        const string secret = "Host=10.9.8.7;Password=kamailio-secret";
        fixture.Writer.Failure = kind switch
        {
            "timeout" => () => new TimeoutException(secret),
            "rpc" => () => new KamailioRpcException(secret, 500),
            "database" => () => new Npgsql.NpgsqlException(secret),
            _ => () => new InvalidOperationException(secret),
        };
        fixture.Writer.Down = true;
        try
        {
            await Assert.ThrowsAnyAsync<Exception>(() => RunSyncAsync(tenantId));
        }
        finally
        {
            fixture.Writer.Down = false;
            fixture.Writer.Failure = null;
        }

        var sync = await SyncStateAsync(tenantId);
        Assert.Equal((SyncStatus.Retrying, 1, reason), (sync.Status, sync.FailedAttempts, sync.LastError));
    }

    [Fact]
    public async Task TheReconcileJob_QueuesASyncForATenantLeftBehind_NotForOneUpToDate()
    {
        var behind = await NewTenantAsync();
        var upToDate = await NewTenantAsync();
        await RecordChangeAsync(behind, "lost sync");
        await RecordChangeAsync(upToDate, "applied");
        await RunSyncAsync(upToDate);
        // Both last tried an hour ago: only the version tells them apart.
        await fixture.Portal.WithDbAsync(db => db.TenantSyncStates.Where(s => s.TenantId == behind || s.TenantId == upToDate)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.LastAttemptAtUtc, DateTime.UtcNow.AddHours(-1))));
        var (behindBefore, upToDateBefore) = (QueuedSyncs(behind), QueuedSyncs(upToDate));

        await using (var scope = fixture.Portal.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<SipCoreReconcileJob>().RunAsync(CancellationToken.None);
        }

        Assert.Equal(behindBefore + 1, QueuedSyncs(behind));
        Assert.Equal(upToDateBefore, QueuedSyncs(upToDate));
    }

    [Fact]
    public async Task TheCalendarRefresh_QueuesASyncForEveryTenantWithANumberOnAScheduleAndNoOther()
    {
        // The SIP core holds business-hours windows 14 days ahead: without this daily sync a number
        // on a schedule would be closed once they run out.
        var withSchedule = await NewTenantAsync();
        var without = await NewTenantAsync();
        await fixture.Portal.WithDbAsync(async db =>
        {
            var schedule = new Schedule { Id = Guid.NewGuid(), TenantId = withSchedule, Name = "Office hours", TimeZone = "Europe/London", CreatedAtUtc = DateTime.UtcNow };
            db.Schedules.Add(schedule);
            await db.SaveChangesAsync();
            var number = await db.PhoneNumbers.FirstAsync(n => n.TenantId == withSchedule);
            var route = await db.NumberRoutes.SingleOrDefaultAsync(r => r.PhoneNumberId == number.Id);
            if (route is null)
            {
                route = new NumberRoute { PhoneNumberId = number.Id, TenantId = withSchedule };
                db.NumberRoutes.Add(route);
            }
            route.ScheduleId = schedule.Id;
            return await db.SaveChangesAsync();
        });
        var (withBefore, withoutBefore) = (QueuedSyncs(withSchedule), QueuedSyncs(without));

        await using (var scope = fixture.Portal.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<SipCoreReconcileJob>().RefreshCalendarsAsync(CancellationToken.None);
        }

        Assert.Equal(withBefore + 1, QueuedSyncs(withSchedule));
        Assert.Equal(withoutBefore, QueuedSyncs(without));
    }

    [Fact]
    public async Task OneCommitForSeveralTenants_QueuesOneJobForAll_WhichSyncsEach_AndAFailedOneGetsAJobOfItsOwn()
    {
        // Tenants with numbers of their own city: the class's other tests take London's pool.
        using var first = await TenantOwner.CreateAsync(fixture.Portal);
        using var second = await TenantOwner.CreateAsync(fixture.Portal);
        var (failing, fine) = (first.TenantId, second.TenantId);
        var (failingBefore, fineBefore) = (QueuedSyncs(failing), QueuedSyncs(fine));
        await using (var scope = fixture.Portal.Scope())
        {
            // As a lifecycle sweep's batch commits: several tenants' changes in one unit of work.
            var unitOfWork = scope.ServiceProvider.GetRequiredService<PortalUnitOfWork>();
            unitOfWork.RecordPbxChange(failing, "Suspended", "test");
            unitOfWork.RecordPbxChange(fine, "Suspended", "test");
            await unitOfWork.CommitAsync(CancellationToken.None);
        }
        var batch = Assert.Single(fixture.Portal.Services.GetRequiredService<Hangfire.JobStorage>().GetMonitoringApi().EnqueuedJobs("default", 0, 100_000),
            j => j.Value.Job?.Method.Name == nameof(SipCoreSyncJob.RunManyAsync) && j.Value.Job.Args[0] is Guid[] ids && ids.Contains(failing));
        Assert.Equal([failing, fine], (Guid[])batch.Value.Job.Args[0]);
        Assert.Equal((failingBefore, fineBefore), (QueuedSyncs(failing), QueuedSyncs(fine)));

        fixture.Writer.BeforeApply = state => state.TenantId == failing ? throw new HttpRequestException("Connection refused") : Task.CompletedTask;
        try
        {
            await using var scope = fixture.Portal.Scope();
            await scope.ServiceProvider.GetRequiredService<SipCoreSyncJob>().RunManyAsync([failing, fine], CancellationToken.None);
        }
        finally
        {
            fixture.Writer.BeforeApply = null;
        }

        Assert.Equal(SyncStatus.Applied, (await SyncStateAsync(fine)).Status);
        var failed = await SyncStateAsync(failing);
        Assert.Equal((SyncStatus.Retrying, 1), (failed.Status, failed.FailedAttempts));
        Assert.Equal(failingBefore + 1, QueuedSyncs(failing));
        Assert.Equal(fineBefore, QueuedSyncs(fine));
    }

    /// <summary>Sync jobs of the tenant waiting in Hangfire's queue (no server runs in these tests).</summary>
    private int QueuedSyncs(Guid tenantId) =>
        fixture.Portal.Services.GetRequiredService<Hangfire.JobStorage>().GetMonitoringApi().EnqueuedJobs("default", 0, 100_000)
            .Count(j => j.Value.Job?.Type == typeof(SipCoreSyncJob) && j.Value.Job.Args[0] is Guid id && id == tenantId);

    private async Task<Guid> NewTenantAsync()
    {
        using var browser = fixture.Portal.CreateBrowser();
        var signup = await TrialJourney.SignUpAndConfirmAsync(fixture.Portal, browser, TrialJourney.ValidForm(area: "GB|London"));
        await TrialJourney.ProvisionAsync(fixture.Portal, signup.Id);
        await TrialJourney.ForgetSetUpChangeAsync(fixture.Portal, signup.Id);
        return signup.Id;
    }

    private async Task RecordChangeAsync(Guid tenantId, string description)
    {
        await using var scope = fixture.Portal.Scope();
        var unitOfWork = scope.ServiceProvider.GetRequiredService<PortalUnitOfWork>();
        unitOfWork.RecordPbxChange(tenantId, description, "test");
        await unitOfWork.CommitAsync(CancellationToken.None);
    }

    private async Task RunSyncAsync(Guid tenantId)
    {
        await using var scope = fixture.Portal.Scope();
        await scope.ServiceProvider.GetRequiredService<SipCoreSyncJob>().RunAsync(tenantId, CancellationToken.None);
    }

    private Task<TenantSyncState> SyncStateAsync(Guid tenantId) =>
        fixture.Portal.WithDbAsync(db => db.TenantSyncStates.AsNoTracking().SingleAsync(s => s.TenantId == tenantId));
}

public sealed class SipCoreSyncJobTestsOnSqlite(SqliteSyncPortal fixture) : SipCoreSyncJobTests<SqliteSyncPortal, SqlitePortal>(fixture);

public sealed class SipCoreSyncJobTestsOnPostgres(PostgresSyncPortal fixture) : SipCoreSyncJobTests<PostgresSyncPortal, PostgresPortal>(fixture);
