using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using UcPortal.Data.Entities;
using UcPortal.Pbx;
using UcPortal.Tests.Infrastructure;
using UcPortal.Web.Features.Billing;
using UcPortal.Web.Features.Lifecycle;
using UcPortal.Web.Features.Pbx.Sync;
using UcPortal.Web.Features.Usage;

namespace UcPortal.Tests.Lifecycle;

/// <summary>The portal on a fake clock with a fake payment provider. Batches of 2 tenants make every
/// sweep page through several batches even with a handful of tenants.</summary>
public class LifecyclePortal<TPortal> : IDisposable where TPortal : PortalFactory, new()
{
    public LifecyclePortal()
    {
        Payments = new FakePaymentProvider(Clock);
        Portal.Settings["Lifecycle:BatchSize"] = "2";
        Portal.TestServices = services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<IPaymentProvider>(Payments);
        };
    }

    /// <summary>Starts at the current second (not FakeTimeProvider's year 2000: cookies and data
    /// protection keys are made on this clock too) and only moves forward.</summary>
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    public FakePaymentProvider Payments { get; }

    public TPortal Portal { get; } = new();

    public DateTime Now => Clock.GetUtcNow().UtcDateTime;

    public void Dispose() => Portal.Dispose();

    /// <summary>Runs each lifecycle sweep twice, in the daily order, each run in its own scope as
    /// Hangfire would, and asserts that the second run of each changed nothing.</summary>
    public async Task RunEachJobTwiceAsync(string step)
    {
        int count;
        await using (var scope = Portal.Scope())
        {
            count = scope.ServiceProvider.GetRequiredService<DailyLifecycleSweep>().Steps.Count;
        }
        for (var i = 0; i < count; i++)
        {
            var id = await RunStepAsync(i);
            var first = await SnapshotAsync();
            await RunStepAsync(i);
            var second = await SnapshotAsync();
            Assert.True(first == second, $"{step}: the second run of {id} changed something:\n{Diff(first, second)}");
        }
    }

    public async Task RunJobAsync<TJob>(Func<TJob, Task> run) where TJob : notnull
    {
        await using var scope = Portal.Scope();
        await run(scope.ServiceProvider.GetRequiredService<TJob>());
    }

    public async Task<BillingEventResult> SendAsync(BillingEventData e)
    {
        await using var scope = Portal.Scope();
        return await scope.ServiceProvider.GetRequiredService<BillingEventProcessor>().ProcessAsync(e, CancellationToken.None);
    }

    private int _events;

    public string NextEventId() => $"evt_fake{Interlocked.Increment(ref _events)}";

    /// <summary>Stripe's checkout.session.completed for a new subscription, then its first invoice.paid.</summary>
    public async Task<SubscriptionSnapshot> UpgradeAsync(Guid tenantId, string planCode = "starter")
    {
        var (sub, invoice) = Payments.Subscribe(tenantId, planCode);
        Assert.Equal(BillingEventResult.Applied, await SendAsync(new CheckoutCompleted(NextEventId(), "test", Now, $"cs_{sub.Id}", tenantId, sub.CustomerId, sub.Id)));
        Assert.Equal(BillingEventResult.Applied, await SendAsync(new InvoiceEvent(NextEventId(), "test", BillingEventTypes.InvoicePaid, Now, invoice)));
        return sub;
    }

    /// <summary>The renewal fails: invoice.payment_failed and customer.subscription.updated, as Stripe sends them.</summary>
    public async Task FailRenewalAsync(Guid tenantId, string subscriptionId, string customerId)
    {
        var invoice = Payments.FailRenewal(subscriptionId);
        Assert.Equal(BillingEventResult.Applied, await SendAsync(new InvoiceEvent(NextEventId(), "test", BillingEventTypes.InvoicePaymentFailed, Now, invoice)));
        Assert.Equal(BillingEventResult.Applied, await SendAsync(new SubscriptionChanged(NextEventId(), "test", BillingEventTypes.SubscriptionUpdated, Now, subscriptionId, customerId, tenantId)));
    }

    /// <summary>Calls billed to the tenant's trial credit, imported as the SIP core's accounting would report them.</summary>
    public async Task UseCreditAsync(string sipDomain, int seconds)
    {
        await using var scope = Portal.Scope();
        var call = new SipCallRecord(Random.Shared.NextInt64(1, long.MaxValue / 2), Guid.NewGuid().ToString("N"), sipDomain, "outbound", "100", "+447701900123",
            Now.AddMinutes(-1), seconds, "answered");
        await scope.ServiceProvider.GetRequiredService<CallRecordImportJob>().ImportAsync([call], CancellationToken.None);
    }

    public Task<Tenant> TenantAsync(Guid id) => Portal.WithDbAsync(db => db.Tenants.AsNoTracking().SingleAsync(t => t.Id == id));

    public Task<List<PhoneNumber>> NumbersAsync(IEnumerable<int> ids)
    {
        var list = ids.ToList();
        return Portal.WithDbAsync(db => db.PhoneNumbers.AsNoTracking().Where(n => list.Contains(n.Id)).OrderBy(n => n.Id).ToListAsync());
    }

    public Task<List<OutboxEmail>> EmailsAsync(Guid tenantId, string template) =>
        Portal.WithDbAsync(db => db.OutboxEmails.AsNoTracking().Where(e => e.TenantId == tenantId && e.Template == template).ToListAsync());

    public Task<List<TenantEvent>> EventsAsync(Guid tenantId) =>
        Portal.WithDbAsync(db => db.TenantEvents.AsNoTracking().Where(e => e.TenantId == tenantId).OrderBy(e => e.Id).ToListAsync());

    /// <summary>The PBX state the SIP-core sync would write for the tenant now.</summary>
    public async Task<TenantPbxState> PbxStateAsync(Guid tenantId)
    {
        await using var scope = Portal.Scope();
        return (await scope.ServiceProvider.GetRequiredService<TenantPbxStateBuilder>().BuildAsync(tenantId, CancellationToken.None))!;
    }

    private async Task<string> RunStepAsync(int index)
    {
        await using var scope = Portal.Scope();
        var (id, run) = scope.ServiceProvider.GetRequiredService<DailyLifecycleSweep>().Steps[index];
        await run(CancellationToken.None);
        return id;
    }

    /// <summary>Everything a lifecycle job may change: every tenant's state and dates, every number,
    /// and how many history lines, emails, PBX changes, invoices and billing events exist.</summary>
    public Task<string> SnapshotAsync() => Portal.WithDbAsync(async db =>
    {
        var sb = new StringBuilder();
        foreach (var t in await db.Tenants.AsNoTracking().OrderBy(t => t.CreatedAtUtc).ThenBy(t => t.Name).ToListAsync())
        {
            sb.AppendLine($"tenant {t.Name}: {t.Status}/{t.SuspensionReason} plan {t.PlanId} trial-end {t.TrialExpiresAtUtc:O} paid-through {t.PaidThroughUtc:O} " +
                          $"sub {t.SubscriptionId} {t.SubscriptionStatus} cancel-at-end {t.CancelAtPeriodEnd} past-due {t.PastDueSinceUtc:O} " +
                          $"suspended {t.SuspendedAtUtc:O} released {t.ReleasedAtUtc:O} purged {t.PurgedAtUtc:O} used {t.UsedCreditSeconds}");
        }
        foreach (var n in await db.PhoneNumbers.AsNoTracking().Where(n => n.TenantId != null || n.Status != NumberStatus.Available || n.QuarantinedUntilUtc != null).OrderBy(n => n.Id).ToListAsync())
        {
            sb.AppendLine($"number {n.E164}: {n.Status} tenant {n.TenantId} until {n.QuarantinedUntilUtc:O}");
        }
        sb.AppendLine($"history lines {await db.TenantEvents.CountAsync()}, emails {await db.OutboxEmails.CountAsync()}, PBX changes {await db.ConfigChanges.CountAsync()}, " +
                      $"extensions {await db.Extensions.CountAsync()}, invoices {await db.BillingInvoices.CountAsync()}/{await db.BillingInvoices.CountAsync(i => i.Status == "paid")} paid, " +
                      $"billing events {await db.BillingEvents.CountAsync()}");
        sb.AppendLine($"provider {Payments.Describe()}");
        return sb.ToString();
    });

    public static void AssertUnchanged(string before, string after, string what) =>
        Assert.True(before == after, $"{what} changed something:\n{Diff(before, after)}");

    private static string Diff(string a, string b)
    {
        var left = a.Split('\n');
        var right = b.Split('\n');
        return string.Join("\n", left.Zip(right).Where(p => p.First != p.Second).Select(p => $"- {p.First}\n+ {p.Second}")) +
               (left.Length != right.Length ? $"\n(line count {left.Length} → {right.Length})" : "");
    }
}

public sealed class SqliteLifecyclePortal : LifecyclePortal<SqlitePortal>;

public sealed class PostgresLifecyclePortal : LifecyclePortal<PostgresPortal>;
