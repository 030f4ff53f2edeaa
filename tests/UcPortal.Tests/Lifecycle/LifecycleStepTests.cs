using Microsoft.EntityFrameworkCore;
using UcPortal.Data.Entities;
using UcPortal.Tests.Infrastructure;
using UcPortal.Web.Features.Billing;
using UcPortal.Web.Features.Lifecycle;

namespace UcPortal.Tests.Lifecycle;

/// <summary>Single steps of the ladder that the 60-day simulations pass by: upgrade during the
/// grace period, missed webhooks, cancellation at period end, purge after retention.</summary>
public abstract class LifecycleStepTests<TFixture, TPortal>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : LifecyclePortal<TPortal>
    where TPortal : PortalFactory, new()
{
    private PortalFactory Portal => fixture.Portal;

    [Fact]
    public async Task UpgradingAnExpiredTrialBeforeRelease_RestoresItWithItsNumbersAndConfiguration()
    {
        using var owner = await TenantOwner.CreateAsync(Portal);
        var id = owner.TenantId;
        var numbers = await Portal.WithDbAsync(db => db.PhoneNumbers.Where(n => n.TenantId == id).Select(n => n.E164).ToListAsync());
        var start = fixture.Now;
        fixture.Clock.SetUtcNow(start.AddDays(14).AddMinutes(5));
        await fixture.RunEachJobTwiceAsync("trial over");
        Assert.Equal(TenantStatus.Suspended, (await fixture.TenantAsync(id)).Status);

        fixture.Clock.SetUtcNow(start.AddDays(20));
        await fixture.UpgradeAsync(id, "business");

        var tenant = await fixture.TenantAsync(id);
        Assert.Equal((TenantStatus.Active, SuspensionReason.None, (DateTime?)null), (tenant.Status, tenant.SuspensionReason, tenant.SuspendedAtUtc));
        Assert.Equal(numbers, await Portal.WithDbAsync(db => db.PhoneNumbers.Where(n => n.TenantId == id && n.Status == NumberStatus.Assigned).Select(n => n.E164).ToListAsync()));
        var state = await fixture.PbxStateAsync(id);
        Assert.False(state.Flags.Suspended);
        Assert.False(state.Flags.Trial);
        Assert.Equal(3, state.Extensions.Count);
        Assert.Single(state.Numbers);

        // Past the day it would have been released: it stays.
        fixture.Clock.SetUtcNow(start.AddDays(30));
        await fixture.RunEachJobTwiceAsync("after the grace period");
        Assert.Equal(TenantStatus.Active, (await fixture.TenantAsync(id)).Status);
        Assert.Single(await fixture.EmailsAsync(id, "paid-welcome"));
        Assert.Empty(await fixture.EmailsAsync(id, "account-released"));
    }

    [Fact]
    public async Task Reconciliation_CorrectsTenantsWhoseWebhooksWereMissed_AndLeavesTheOthersAlone()
    {
        using var goesPastDue = await TenantOwner.CreateAsync(Portal);
        using var isCanceled = await TenantOwner.CreateAsync(Portal);
        using var paidQuietly = await TenantOwner.CreateAsync(Portal);
        using var staysPastDue = await TenantOwner.CreateAsync(Portal);
        var a = await fixture.UpgradeAsync(goesPastDue.TenantId);
        var b = await fixture.UpgradeAsync(isCanceled.TenantId);
        var c = await fixture.UpgradeAsync(paidQuietly.TenantId);
        var d = await fixture.UpgradeAsync(staysPastDue.TenantId);
        fixture.Clock.Advance(TimeSpan.FromDays(FakePaymentProvider.PeriodDays));
        await fixture.FailRenewalAsync(paidQuietly.TenantId, c.Id, c.CustomerId);
        await fixture.FailRenewalAsync(staysPastDue.TenantId, d.Id, d.CustomerId);
        var paidThroughBefore = (await fixture.TenantAsync(paidQuietly.TenantId)).PaidThroughUtc;

        // What happened at the provider while no webhook reached the portal.
        fixture.Payments.SetStatus(a.Id, "past_due");
        fixture.Payments.SetStatus(b.Id, "canceled");
        var paid = fixture.Payments.PayOpenInvoice(c.Id);
        fixture.Clock.Advance(TimeSpan.FromHours(2));

        await fixture.RunJobAsync<BillingReconciliationJob>(j => j.RunAsync(CancellationToken.None));
        var afterFirst = await fixture.SnapshotAsync();
        await fixture.RunJobAsync<BillingReconciliationJob>(j => j.RunAsync(CancellationToken.None));
        LifecyclePortal<TPortal>.AssertUnchanged(afterFirst, await fixture.SnapshotAsync(), "The second reconciliation");

        var ta = await fixture.TenantAsync(goesPastDue.TenantId);
        Assert.Equal((TenantStatus.PastDue, "past_due", fixture.Now), (ta.Status, ta.SubscriptionStatus, ta.PastDueSinceUtc!.Value));
        var tb = await fixture.TenantAsync(isCanceled.TenantId);
        Assert.Equal((TenantStatus.Suspended, SuspensionReason.Cancelled), (tb.Status, tb.SuspensionReason));
        Assert.Single(await fixture.EmailsAsync(isCanceled.TenantId, "subscription-ended"));
        var tc = await fixture.TenantAsync(paidQuietly.TenantId);
        Assert.Equal((TenantStatus.Active, (DateTime?)null), (tc.Status, tc.PastDueSinceUtc));
        Assert.Equal("paid", await Portal.WithDbAsync(db => db.BillingInvoices.Where(i => i.ProviderInvoiceId == paid.Id).Select(i => i.Status).SingleAsync()));
        // While past due the unpaid period did not count as paid; the quiet payment pays it.
        Assert.True(tc.PaidThroughUtc > paidThroughBefore, $"paid through {tc.PaidThroughUtc:o}, before {paidThroughBefore:o}");
        Assert.Equal(paid.PeriodEndUtc, tc.PaidThroughUtc);
        // Its older invoice, paid long ago, is no reason to end dunning.
        var td = await fixture.TenantAsync(staysPastDue.TenantId);
        Assert.Equal(TenantStatus.PastDue, td.Status);

        foreach (var (tenant, what) in new[] { (goesPastDue.TenantId, "Payment overdue"), (isCanceled.TenantId, $"Subscription {b.Id} ended"), (paidQuietly.TenantId, "Service restored") })
        {
            Assert.Contains(await fixture.EventsAsync(tenant), e => e.Actor == "job:billing-reconciliation" && e.Message.Contains(what));
        }
        Assert.DoesNotContain(await fixture.EventsAsync(staysPastDue.TenantId), e => e.Actor == "job:billing-reconciliation");
    }

    [Fact]
    public async Task ASubscriptionCancelledAtPeriodEnd_IsSuspendedWhenThePeriodEnds_EvenWithoutTheWebhook_AndReleasedAfterGrace()
    {
        using var quiet = await TenantOwner.CreateAsync(Portal);
        using var told = await TenantOwner.CreateAsync(Portal);
        var start = fixture.Now;
        var q = await fixture.UpgradeAsync(quiet.TenantId);
        var t = await fixture.UpgradeAsync(told.TenantId);
        foreach (var (tenantId, sub) in new[] { (quiet.TenantId, q), (told.TenantId, t) })
        {
            // The customer cancels in the customer portal; Stripe tells us with customer.subscription.updated.
            await fixture.Payments.SetCancelAtPeriodEndAsync(sub.Id, true, CancellationToken.None);
            await fixture.SendAsync(new SubscriptionChanged(fixture.NextEventId(), "test", BillingEventTypes.SubscriptionUpdated, fixture.Now, sub.Id, sub.CustomerId, tenantId));
            Assert.True((await fixture.TenantAsync(tenantId)).CancelAtPeriodEnd);
        }

        fixture.Clock.SetUtcNow(start.AddDays(FakePaymentProvider.PeriodDays).AddMinutes(1));
        // Only one of them gets customer.subscription.deleted; the other's is lost.
        await fixture.SendAsync(new SubscriptionChanged(fixture.NextEventId(), "test", BillingEventTypes.SubscriptionDeleted, fixture.Now, t.Id, t.CustomerId, told.TenantId));
        Assert.Equal(TenantStatus.Suspended, (await fixture.TenantAsync(told.TenantId)).Status);
        Assert.Equal(TenantStatus.Active, (await fixture.TenantAsync(quiet.TenantId)).Status);
        // The hourly job gets there before the nightly reconciliation would.
        await fixture.RunJobAsync<SubscriptionEndJob>(j => j.RunAsync(CancellationToken.None));
        await fixture.RunEachJobTwiceAsync("period over");

        foreach (var tenantId in new[] { quiet.TenantId, told.TenantId })
        {
            var tenant = await fixture.TenantAsync(tenantId);
            Assert.Equal((TenantStatus.Suspended, SuspensionReason.Cancelled, "canceled"), (tenant.Status, tenant.SuspensionReason, tenant.SubscriptionStatus));
            Assert.Single(await fixture.EmailsAsync(tenantId, "subscription-ended"));
        }
        Assert.Contains(await fixture.EventsAsync(quiet.TenantId), e => e.Actor == "job:subscription-end");

        fixture.Clock.SetUtcNow(start.AddDays(FakePaymentProvider.PeriodDays + 7).AddMinutes(1));
        await fixture.RunEachJobTwiceAsync("grace over");
        Assert.Equal(TenantStatus.Released, (await fixture.TenantAsync(quiet.TenantId)).Status);
        Assert.Equal(TenantStatus.Released, (await fixture.TenantAsync(told.TenantId)).Status);
        Assert.Equal(0, await Portal.WithDbAsync(db => db.PhoneNumbers.CountAsync(n => n.TenantId == quiet.TenantId || n.TenantId == told.TenantId)));
    }

    [Fact]
    public async Task AReleasedTenant_IsPurgedAfterRetention_KeepingItsRowAndHistory()
    {
        using var owner = await TenantOwner.CreateAsync(Portal);
        var id = owner.TenantId;
        var start = fixture.Now;
        await fixture.UseCreditAsync(owner.SipDomain, 120);
        await Portal.WithDbAsync(async db =>
        {
            var members = await db.Extensions.Where(e => e.TenantId == id).Select(e => e.Id).ToListAsync();
            db.RingGroups.Add(new RingGroup
            {
                Id = Guid.NewGuid(), TenantId = id, Number = "600", Name = "Sales", Strategy = RingStrategy.Simultaneous, CreatedAtUtc = start,
                Members = members.Select((m, i) => new RingGroupMember { ExtensionId = m, Position = i }).ToList(),
            });
            return await db.SaveChangesAsync();
        });
        fixture.Clock.SetUtcNow(start.AddDays(14).AddMinutes(1));
        await fixture.RunEachJobTwiceAsync("trial over");
        fixture.Clock.SetUtcNow(start.AddDays(14 + 7).AddMinutes(2));
        await fixture.RunEachJobTwiceAsync("released");
        var released = await fixture.TenantAsync(id);
        Assert.Equal(TenantStatus.Released, released.Status);
        var historyBefore = (await fixture.EventsAsync(id)).Count;

        fixture.Clock.SetUtcNow(released.ReleasedAtUtc!.Value.AddDays(90).AddMinutes(-1));
        await fixture.RunEachJobTwiceAsync("a minute before the retention ends");
        Assert.Equal(TenantStatus.Released, (await fixture.TenantAsync(id)).Status);
        Assert.Equal(3, await Portal.WithDbAsync(db => db.Extensions.CountAsync(e => e.TenantId == id)));

        fixture.Clock.SetUtcNow(released.ReleasedAtUtc!.Value.AddDays(90).AddMinutes(1));
        await fixture.RunEachJobTwiceAsync("retention over");

        var tenant = await fixture.TenantAsync(id);
        Assert.Equal((TenantStatus.Purged, fixture.Now), (tenant.Status, tenant.PurgedAtUtc!.Value));
        var left = await Portal.WithDbAsync(async db => new[]
        {
            await db.Extensions.CountAsync(e => e.TenantId == id),
            await db.RingGroups.CountAsync(g => g.TenantId == id),
            await db.CallRecords.CountAsync(r => r.TenantId == id),
            await db.ConfigChanges.CountAsync(c => c.TenantId == id),
        });
        Assert.Equal([0, 0, 0, 0], left);
        var history = await fixture.EventsAsync(id);
        Assert.Equal(historyBefore + 1, history.Count);
        Assert.Contains(history, e => e.Actor == "job:released-purge" && e.Message.Contains("PBX configuration deleted"));
        Assert.Equal(id, await Portal.WithDbAsync(db => db.Users.Where(u => u.Email == owner.Email).Select(u => u.TenantId).SingleAsync()));
    }
}

public sealed class LifecycleStepTestsOnSqlite(SqliteLifecyclePortal fixture) : LifecycleStepTests<SqliteLifecyclePortal, SqlitePortal>(fixture);

public sealed class LifecycleStepTestsOnPostgres(PostgresLifecyclePortal fixture) : LifecycleStepTests<PostgresLifecyclePortal, PostgresPortal>(fixture);
