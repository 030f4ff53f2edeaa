using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using UcPortal.Data;
using UcPortal.Data.Entities;
using UcPortal.Tests.Infrastructure;
using UcPortal.Web.Features.Billing;
using UcPortal.Web.Features.Lifecycle;

namespace UcPortal.Tests.Lifecycle;

/// <summary>A process that dies in the middle of a sweep: once armed, SaveChanges is refused after the
/// given number of saves went through (so a batch's commit fails after the batches before it committed).</summary>
public sealed class CrashingSaves : SaveChangesInterceptor
{
    private int _allowed = -1;

    public void CrashAfter(int saves) => Volatile.Write(ref _allowed, saves);

    public void Disarm() => Volatile.Write(ref _allowed, -1);

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        var allowed = Volatile.Read(ref _allowed);
        if (allowed == 0)
        {
            throw new SweepCrashed();
        }
        if (allowed > 0)
        {
            Interlocked.Decrement(ref _allowed);
        }
        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }

    public sealed class SweepCrashed() : Exception("the process died before this batch committed");
}

/// <summary>The lifecycle portal (batches of 2) with <see cref="CrashingSaves"/> on its DbContext.</summary>
public class CrashingLifecyclePortal<TPortal> : LifecyclePortal<TPortal> where TPortal : PortalFactory, new()
{
    public CrashingLifecyclePortal()
    {
        var services = Portal.TestServices;
        Portal.TestServices = s =>
        {
            services?.Invoke(s);
            s.ConfigureDbContext<PortalDbContext>(o => o.AddInterceptors(Saves));
        };
    }

    public CrashingSaves Saves { get; } = new();
}

public sealed class SqliteCrashingLifecyclePortal : CrashingLifecyclePortal<SqlitePortal>;

public sealed class PostgresCrashingLifecyclePortal : CrashingLifecyclePortal<PostgresPortal>;

/// <summary>The sweeps read a batch's owners, sent emails, follow-ups, numbers and invoices in one query
/// each (decision 038). A sweep that dies after its first batch committed, run again, finishes the
/// rest exactly once: every tenant moved once, one email each to its own owner, one history line
/// each; a third run changes nothing.</summary>
public abstract class LifecycleBatchTests<TFixture, TPortal>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : CrashingLifecyclePortal<TPortal>
    where TPortal : PortalFactory, new()
{
    private PortalFactory Portal => fixture.Portal;

    [Fact]
    public async Task TrialSweepsThatDieMidBatch_FinishTheRestOnceWhenRunAgain_ReminderExpiryAndRelease()
    {
        var owners = new List<TenantOwner>();
        try
        {
            for (var i = 0; i < 5; i++)
            {
                owners.Add(await TenantOwner.CreateAsync(Portal));
            }
            var ids = owners.Select(o => o.TenantId).ToList();
            var start = fixture.Now;

            // 3 days before the trials end: the reminder.
            fixture.Clock.SetUtcNow(start.AddDays(11).AddMinutes(1));
            await CrashThenFinishAsync<TrialReminderJob>(j => j.RunAsync(CancellationToken.None), "trial-ends-soon", ids, "3-day reminder");

            // The trials end: suspended, emailed, a follow-up each, a SIP-core change each.
            fixture.Clock.SetUtcNow(start.AddDays(14).AddMinutes(2));
            await CrashThenFinishAsync<TrialExpiryJob>(j => j.RunAsync(CancellationToken.None), "trial-expired", ids, "suspended");
            Assert.Equal(5, await Portal.WithDbAsync(db => db.TrialFollowUps.CountAsync(f => ids.Contains(f.TenantId))));
            foreach (var id in ids)
            {
                Assert.Single(await Portal.WithDbAsync(db => db.ConfigChanges.Where(c => c.TenantId == id && c.Description == "Service state: Suspended").ToListAsync()));
            }

            // The grace period is over: released, each tenant's own number quarantined and named in its own email.
            fixture.Clock.SetUtcNow(start.AddDays(21).AddMinutes(3));
            var numbers = await Portal.WithDbAsync(db => db.PhoneNumbers.Where(n => n.TenantId != null && ids.Contains(n.TenantId.Value))
                .Select(n => new { TenantId = n.TenantId!.Value, n.Id, n.E164 }).ToListAsync());
            Assert.Equal(5, numbers.Count);
            await CrashThenFinishAsync<SuspendedReleaseJob>(j => j.RunAsync(CancellationToken.None), "account-released", ids, "released");
            foreach (var n in numbers)
            {
                var number = Assert.Single(await fixture.NumbersAsync([n.Id]));
                Assert.True(number.Status == NumberStatus.Quarantined && number.TenantId is null, $"{n.E164}: {number.Status}");
                var email = Assert.Single(await fixture.EmailsAsync(n.TenantId, "account-released"));
                Assert.Contains(n.E164, email.TextBody);
                Assert.All(numbers.Where(other => other.TenantId != n.TenantId), other => Assert.DoesNotContain(other.E164, email.TextBody));
                Assert.Contains(await fixture.EventsAsync(n.TenantId), e => e.Actor == SuspendedReleaseJob.Cause && e.Message.Contains(n.E164));
            }
        }
        finally
        {
            fixture.Saves.Disarm();
            owners.ForEach(o => o.Dispose());
        }
    }

    [Fact]
    public async Task AReconciliationThatDiesMidBatch_RecordsEachMissedInvoiceOnceWhenRunAgain()
    {
        var owners = new List<TenantOwner>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                owners.Add(await TenantOwner.CreateAsync(Portal));
            }
            var subs = new List<SubscriptionSnapshot>();
            foreach (var o in owners)
            {
                subs.Add(await fixture.UpgradeAsync(o.TenantId));
            }
            fixture.Clock.Advance(TimeSpan.FromDays(FakePaymentProvider.PeriodDays));
            // Each renewal failed and was then paid at the provider, and no webhook of the payment reached the portal.
            var paid = new List<InvoiceSnapshot>();
            for (var i = 0; i < owners.Count; i++)
            {
                await fixture.FailRenewalAsync(owners[i].TenantId, subs[i].Id, subs[i].CustomerId);
                paid.Add(fixture.Payments.PayOpenInvoice(subs[i].Id));
            }
            fixture.Clock.Advance(TimeSpan.FromHours(2));
            var ids = owners.Select(o => o.TenantId).ToList();
            // Other tests of this class leave paid tenants too: count only these.
            Task<int> Restored() => Portal.WithDbAsync(db => db.Tenants.CountAsync(t => ids.Contains(t.Id) && t.Status == TenantStatus.Active));

            fixture.Saves.CrashAfter(1);
            await Assert.ThrowsAsync<CrashingSaves.SweepCrashed>(() => fixture.RunJobAsync<BillingReconciliationJob>(j => j.RunAsync(CancellationToken.None)));
            fixture.Saves.Disarm();
            var restoredByCrashedRun = await Restored();
            // Batches of 2: the first committed, the second died.
            Assert.Equal(2, restoredByCrashedRun);

            await fixture.RunJobAsync<BillingReconciliationJob>(j => j.RunAsync(CancellationToken.None));
            var afterFinish = await fixture.SnapshotAsync();
            await fixture.RunJobAsync<BillingReconciliationJob>(j => j.RunAsync(CancellationToken.None));
            LifecyclePortal<TPortal>.AssertUnchanged(afterFinish, await fixture.SnapshotAsync(), "The reconciliation after the one that finished");

            Assert.Equal(3, await Restored());
            for (var i = 0; i < owners.Count; i++)
            {
                var invoiceId = paid[i].Id;
                Assert.Equal(["paid"], await Portal.WithDbAsync(db => db.BillingInvoices.Where(x => x.ProviderInvoiceId == invoiceId).Select(x => x.Status).ToListAsync()));
                var tenant = await fixture.TenantAsync(owners[i].TenantId);
                Assert.Equal(paid[i].PeriodEndUtc, tenant.PaidThroughUtc);
                Assert.Single(await fixture.EventsAsync(owners[i].TenantId), e => e.Actor == BillingReconciliationJob.Cause && e.Message.Contains("Service restored"));
            }
        }
        finally
        {
            fixture.Saves.Disarm();
            owners.ForEach(o => o.Dispose());
        }
    }

    /// <summary>Runs the job with a crash after its first batch's commit (batches of 2, 5 tenants), then
    /// runs it to the end, then once more: the crashed run moved 2 tenants and nothing of the others;
    /// in the end each tenant has exactly one <paramref name="template"/> email, to its own owner, and
    /// one history line of the job naming <paramref name="historyWord"/>; the third run changes nothing.</summary>
    private async Task CrashThenFinishAsync<TJob>(Func<TJob, Task> run, string template, List<Guid> ids, string historyWord) where TJob : notnull
    {
        var cause = "job:" + (string)typeof(TJob).GetField("Id")!.GetValue(null)!;
        async Task<int> DoneAsync()
        {
            var done = 0;
            foreach (var id in ids)
            {
                done += (await fixture.EmailsAsync(id, template)).Count;
            }
            return done;
        }

        fixture.Saves.CrashAfter(1);
        await Assert.ThrowsAsync<CrashingSaves.SweepCrashed>(() => fixture.RunJobAsync(run));
        fixture.Saves.Disarm();
        Assert.Equal(2, await DoneAsync());
        var moved = 0;
        foreach (var id in ids)
        {
            moved += (await fixture.EventsAsync(id)).Count(e => e.Actor == cause);
        }
        Assert.Equal(2, moved);

        await fixture.RunJobAsync(run);
        var afterFinish = await fixture.SnapshotAsync();
        await fixture.RunJobAsync(run);
        LifecyclePortal<TPortal>.AssertUnchanged(afterFinish, await fixture.SnapshotAsync(), $"{typeof(TJob).Name} after the run that finished");

        var owners = await Portal.WithDbAsync(db => db.Users.Where(u => u.TenantId != null && ids.Contains(u.TenantId.Value) && u.TenantRole == TenantRole.Owner)
            .Select(u => new { TenantId = u.TenantId!.Value, u.Email }).ToListAsync());
        foreach (var id in ids)
        {
            var email = Assert.Single(await fixture.EmailsAsync(id, template));
            Assert.Equal(owners.Single(o => o.TenantId == id).Email, email.ToAddress);
            Assert.Single(await fixture.EventsAsync(id), e => e.Actor == cause && e.Message.Contains(historyWord));
        }
    }
}

public sealed class LifecycleBatchTestsOnSqlite(SqliteCrashingLifecyclePortal fixture)
    : LifecycleBatchTests<SqliteCrashingLifecyclePortal, SqlitePortal>(fixture);

public sealed class LifecycleBatchTestsOnPostgres(PostgresCrashingLifecyclePortal fixture)
    : LifecycleBatchTests<PostgresCrashingLifecyclePortal, PostgresPortal>(fixture);
