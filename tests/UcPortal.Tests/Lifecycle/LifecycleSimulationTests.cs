using Microsoft.EntityFrameworkCore;
using UcPortal.Data.Entities;
using UcPortal.Tests.Infrastructure;

namespace UcPortal.Tests.Lifecycle;

/// <summary>Sixty days of a tenant's life on a fake clock, one step a day. At every step each
/// lifecycle job runs twice and the second run must change nothing (tenants, numbers, history,
/// emails, PBX changes, invoices, the provider's subscriptions).</summary>
public abstract class LifecycleSimulationTests<TFixture, TPortal>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : LifecyclePortal<TPortal>
    where TPortal : PortalFactory, new()
{
    private PortalFactory Portal => fixture.Portal;

    [Fact]
    public async Task ATrial_IsRemindedOnceEach_SuspendedAtExpiry_ReleasedAfterGrace_AndItsNumberReturnsToThePoolAfterQuarantine()
    {
        using var owner = await TenantOwner.CreateAsync(Portal);
        var id = owner.TenantId;
        var start = fixture.Now;
        var trialEnd = (await fixture.TenantAsync(id)).TrialExpiresAtUtc!.Value;
        Assert.Equal(start.AddDays(14), trialEnd);
        var numberIds = await Portal.WithDbAsync(db => db.PhoneNumbers.Where(n => n.TenantId == id).Select(n => n.Id).ToListAsync());
        var number = Assert.Single(numberIds);

        for (var day = 0; day <= 60; day++)
        {
            fixture.Clock.SetUtcNow(start.AddDays(day).AddMinutes(1));
            if (day == 5)
            {
                // 50 of the 60 trial minutes: 10 left, under 20 %.
                await fixture.UseCreditAsync(owner.SipDomain, 50 * 60);
            }
            await fixture.RunEachJobTwiceAsync($"day {day}");

            var tenant = await fixture.TenantAsync(id);
            var reminders = await fixture.EmailsAsync(id, "trial-ends-soon");
            Assert.True(reminders.Count == (day < 11 ? 0 : day < 13 ? 1 : 2), $"day {day}: {reminders.Count} trial reminders");
            Assert.True((await fixture.EmailsAsync(id, "trial-credit-low")).Count == (day < 5 ? 0 : 1), $"day {day}: credit reminder");
            Assert.True((await fixture.EmailsAsync(id, "trial-expired")).Count == (day < 14 ? 0 : 1), $"day {day}: expiry email");
            Assert.True((await fixture.EmailsAsync(id, "account-released")).Count == (day < 21 ? 0 : 1), $"day {day}: release email");
            var expected = day switch
            {
                < 14 => (TenantStatus.Trial, SuspensionReason.None),
                < 21 => (TenantStatus.Suspended, SuspensionReason.TrialExpired),
                _ => (TenantStatus.Released, SuspensionReason.TrialExpired),
            };
            Assert.True(expected == (tenant.Status, tenant.SuspensionReason), $"day {day}: {tenant.Status}/{tenant.SuspensionReason}, expected {expected}");

            var n = Assert.Single(await fixture.NumbersAsync([number]));
            if (day < 21)
            {
                Assert.True((NumberStatus.Assigned, (Guid?)id) == (n.Status, n.TenantId), $"day {day}: number {n.Status}");
            }
            else if (day < 51)
            {
                Assert.True(n.Status == NumberStatus.Quarantined && n.TenantId is null, $"day {day}: number {n.Status}");
                Assert.Equal(tenant.ReleasedAtUtc!.Value.AddDays(30), n.QuarantinedUntilUtc);
            }
            else
            {
                Assert.True((NumberStatus.Available, NumberPool.Trial, (Guid?)null, (DateTime?)null) == (n.Status, n.Pool, n.TenantId, n.QuarantinedUntilUtc), $"day {day}: number {n.Status}");
            }

            if (day == 13)
            {
                Assert.All(reminders, r => Assert.Contains("http://portal.test/billing/upgrade", r.HtmlBody));
                Assert.Equal(["Your UcPortal trial ends in 3 days", "Your UcPortal trial ends tomorrow"], reminders.OrderBy(r => r.CreatedAtUtc).Select(r => r.Subject));
            }
            if (day == 14)
            {
                // Calls refused through the SIP core, configuration kept.
                var state = await fixture.PbxStateAsync(id);
                Assert.True(state.Flags.Suspended);
                Assert.Equal(3, state.Extensions.Count);
                Assert.Equal(trialEnd.AddMinutes(1), tenant.SuspendedAtUtc);
            }
            if (day == 21)
            {
                var state = await fixture.PbxStateAsync(id);
                Assert.Empty(state.Extensions);
                Assert.Empty(state.Numbers);
                Assert.Equal(3, await Portal.WithDbAsync(db => db.Extensions.CountAsync(e => e.TenantId == id)));
            }
        }

        var history = await fixture.EventsAsync(id);
        Assert.Contains(history, e => e.Actor == "job:trial-reminders" && e.Message.Contains("3-day reminder"));
        Assert.Contains(history, e => e.Actor == "job:trial-reminders" && e.Message.Contains("1-day reminder"));
        Assert.Contains(history, e => e.Actor == "job:trial-reminders" && e.Message.Contains("10 of 60 minutes"));
        Assert.Contains(history, e => e.Actor == "job:trial-expiry" && e.Message.Contains("suspended"));
        Assert.Contains(history, e => e.Actor == "job:suspended-release" && e.Message.Contains("released") && e.Message.Contains("1 number(s) in quarantine"));
    }

    [Fact]
    public async Task APaidTenantWhosePaymentFails_IsDunnedOnDays1_3And7_SuspendedOnDay7_AndRestoredAtOnceByInvoicePaid()
    {
        using var owner = await TenantOwner.CreateAsync(Portal);
        var id = owner.TenantId;
        var start = fixture.Now;
        var sub = await fixture.UpgradeAsync(id);
        Assert.Equal(TenantStatus.Active, (await fixture.TenantAsync(id)).Status);

        for (var day = 0; day <= 45; day++)
        {
            fixture.Clock.SetUtcNow(start.AddDays(day).AddMinutes(1));
            if (day == 30)
            {
                await fixture.FailRenewalAsync(id, sub.Id, sub.CustomerId);
            }
            if (day == 38)
            {
                var paid = fixture.Payments.PayOpenInvoice(sub.Id);
                await fixture.SendAsync(new Web.Features.Billing.InvoiceEvent(fixture.NextEventId(), "test", Web.Features.Billing.BillingEventTypes.InvoicePaid, fixture.Now, paid));
                // Restored by the payment itself, before any job runs.
                var restored = await fixture.TenantAsync(id);
                Assert.Equal((TenantStatus.Active, SuspensionReason.None, (DateTime?)null), (restored.Status, restored.SuspensionReason, restored.PastDueSinceUtc));
                Assert.False((await fixture.PbxStateAsync(id)).Flags.Suspended);
            }
            await fixture.RunEachJobTwiceAsync($"day {day}");

            var tenant = await fixture.TenantAsync(id);
            var dunning = await fixture.EmailsAsync(id, "payment-overdue");
            var expectedEmails = day switch { < 31 => 0, < 33 => 1, < 37 => 2, _ => 3 };
            Assert.True(dunning.Count == expectedEmails, $"day {day}: {dunning.Count} dunning emails, expected {expectedEmails}");
            var expected = day switch
            {
                < 30 => (TenantStatus.Active, SuspensionReason.None),
                < 37 => (TenantStatus.PastDue, SuspensionReason.None),
                < 38 => (TenantStatus.Suspended, SuspensionReason.PaymentFailed),
                _ => (TenantStatus.Active, SuspensionReason.None),
            };
            Assert.True(expected == (tenant.Status, tenant.SuspensionReason), $"day {day}: {tenant.Status}/{tenant.SuspensionReason}, expected {expected}");
            if (day == 37)
            {
                Assert.True((await fixture.PbxStateAsync(id)).Flags.Suspended);
                var last = dunning.OrderBy(e => e.CreatedAtUtc).Last();
                Assert.Contains("service suspended", last.Subject);
            }
        }

        Assert.Equal(0, fixture.Payments.CancelNowCalls);
        Assert.Empty(await fixture.EmailsAsync(id, "subscription-ended"));
        var history = await fixture.EventsAsync(id);
        Assert.Contains(history, e => e.Actor == "job:dunning" && e.Message.Contains("suspended"));
        Assert.Contains(history, e => e.Actor.StartsWith("test:invoice.paid:", StringComparison.Ordinal) && e.Message.Contains("service restored"));
        Assert.Equal(3, history.Count(e => e.Actor == "job:dunning" && e.Kind == "email"));
    }

    [Fact]
    public async Task APaidTenantThatNeverPays_IsCancelledAtTheProviderOnDay14_AndReleasedAfterGrace()
    {
        using var owner = await TenantOwner.CreateAsync(Portal);
        var id = owner.TenantId;
        var start = fixture.Now;
        var sub = await fixture.UpgradeAsync(id);
        var number = Assert.Single(await Portal.WithDbAsync(db => db.PhoneNumbers.Where(n => n.TenantId == id).Select(n => n.Id).ToListAsync()));
        var cancelsBefore = fixture.Payments.CancelNowCalls;

        for (var day = 0; day <= 60; day++)
        {
            fixture.Clock.SetUtcNow(start.AddDays(day).AddMinutes(1));
            if (day == 30)
            {
                await fixture.FailRenewalAsync(id, sub.Id, sub.CustomerId);
            }
            await fixture.RunEachJobTwiceAsync($"day {day}");

            var tenant = await fixture.TenantAsync(id);
            var expected = day switch
            {
                < 30 => (TenantStatus.Active, SuspensionReason.None),
                < 37 => (TenantStatus.PastDue, SuspensionReason.None),
                < 44 => (TenantStatus.Suspended, SuspensionReason.PaymentFailed),
                < 51 => (TenantStatus.Suspended, SuspensionReason.Cancelled),
                _ => (TenantStatus.Released, SuspensionReason.Cancelled),
            };
            Assert.True(expected == (tenant.Status, tenant.SuspensionReason), $"day {day}: {tenant.Status}/{tenant.SuspensionReason}, expected {expected}");
            Assert.True(fixture.Payments.CancelNowCalls - cancelsBefore == (day < 44 ? 0 : 1), $"day {day}: {fixture.Payments.CancelNowCalls - cancelsBefore} cancellations at the provider");
            Assert.True((await fixture.EmailsAsync(id, "subscription-ended")).Count == (day < 44 ? 0 : 1), $"day {day}: cancellation email");
            Assert.True((await fixture.EmailsAsync(id, "payment-overdue")).Count == day switch { < 31 => 0, < 33 => 1, < 37 => 2, _ => 3 }, $"day {day}: dunning emails");
            if (day == 44)
            {
                Assert.Equal("canceled", (await fixture.Payments.GetSubscriptionAsync(sub.Id, CancellationToken.None))!.Status);
                Assert.Equal("canceled", tenant.SubscriptionStatus);
                // The grace period counts from the cancellation, not from the day-7 suspension.
                Assert.Equal(fixture.Now, tenant.SuspendedAtUtc);
            }
            var n = Assert.Single(await fixture.NumbersAsync([number]));
            Assert.True(n.Status == (day < 51 ? NumberStatus.Assigned : NumberStatus.Quarantined), $"day {day}: number {n.Status}");
        }

        var history = await fixture.EventsAsync(id);
        Assert.Contains(history, e => e.Actor == "job:dunning" && e.Message.Contains($"subscription {sub.Id} cancelled at the provider"));
        Assert.Contains(history, e => e.Actor == "job:suspended-release" && e.Message.Contains("Subscription ended and not renewed"));
    }
}

public sealed class LifecycleSimulationTestsOnSqlite(SqliteLifecyclePortal fixture) : LifecycleSimulationTests<SqliteLifecyclePortal, SqlitePortal>(fixture);

public sealed class LifecycleSimulationTestsOnPostgres(PostgresLifecyclePortal fixture) : LifecycleSimulationTests<PostgresLifecyclePortal, PostgresPortal>(fixture);
