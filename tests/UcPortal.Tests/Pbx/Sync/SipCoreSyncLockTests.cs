using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;
using UcPortal.Tests.Infrastructure;
using UcPortal.Web.Features.Pbx.Sync;

namespace UcPortal.Tests.Pbx.Sync;

/// <summary>Sync jobs run by a real Hangfire server on PostgreSQL (the job storage every node shares):
/// syncs of different tenants overlap, syncs of one tenant never do (decision 028).</summary>
public sealed class SipCoreSyncLockTests(PostgresSyncPortal fixture) : IClassFixture<PostgresSyncPortal>
{
    private const string Queue = "sync-lock-test";

    [Fact]
    public async Task TwoTenantsSyncAtTheSameTime_ButOneTenantNeverSyncsTwiceAtOnce()
    {
        var tenantA = await NewTenantAsync();
        var tenantB = await NewTenantAsync();
        var inFlight = new Dictionary<Guid, int>();
        var maxPerTenant = new Dictionary<Guid, int>();
        var maxOverall = 0;
        var twoTenantsAtOnce = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        fixture.Writer.BeforeApply = async state =>
        {
            lock (inFlight)
            {
                inFlight[state.TenantId] = inFlight.GetValueOrDefault(state.TenantId) + 1;
                maxPerTenant[state.TenantId] = Math.Max(maxPerTenant.GetValueOrDefault(state.TenantId), inFlight[state.TenantId]);
                maxOverall = Math.Max(maxOverall, inFlight.Values.Sum());
                if (inFlight.Count(kv => kv.Value > 0) >= 2)
                {
                    twoTenantsAtOnce.TrySetResult();
                }
            }
            try
            {
                // Each write waits (up to 5 s) for the other tenant's to start: with one lock for
                // every tenant it never does. Then it lingers, so a second sync of the same tenant
                // would overlap it if nothing kept them apart.
                await Task.WhenAny(twoTenantsAtOnce.Task, Task.Delay(TimeSpan.FromSeconds(5)));
                await Task.Delay(TimeSpan.FromMilliseconds(300));
            }
            finally
            {
                lock (inFlight)
                {
                    inFlight[state.TenantId]--;
                }
            }
        };

        var services = fixture.Portal.Services;
        var storage = services.GetRequiredService<JobStorage>();
        var client = new BackgroundJobClient(storage);
        foreach (var tenant in new[] { tenantA, tenantB, tenantA, tenantB, tenantA, tenantB })
        {
            client.Create(Job.FromExpression<SipCoreSyncJob>(j => j.RunAsync(tenant, CancellationToken.None)), new EnqueuedState(Queue));
        }
        using (new BackgroundJobServer(new BackgroundJobServerOptions
        {
            Queues = [Queue],
            WorkerCount = 4,
            Activator = services.GetRequiredService<JobActivator>(),
            ServerName = "sync-lock-test",
        }, storage))
        {
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (AppliedCount(tenantA) < 3 || AppliedCount(tenantB) < 3)
            {
                Assert.True(DateTime.UtcNow < deadline, $"syncs did not finish: A {AppliedCount(tenantA)}/3, B {AppliedCount(tenantB)}/3");
                await Task.Delay(100);
            }
        }
        fixture.Writer.BeforeApply = null;

        Assert.Equal(1, maxPerTenant[tenantA]);
        Assert.Equal(1, maxPerTenant[tenantB]);
        Assert.Equal(2, maxOverall);
    }

    private int AppliedCount(Guid tenantId)
    {
        lock (fixture.Writer.Applied)
        {
            return fixture.Writer.Applied.Count(s => s.TenantId == tenantId);
        }
    }

    private async Task<Guid> NewTenantAsync()
    {
        using var browser = fixture.Portal.CreateBrowser();
        var signup = await TrialJourney.SignUpAndConfirmAsync(fixture.Portal, browser, TrialJourney.ValidForm(area: "GB|London"));
        await TrialJourney.ProvisionAsync(fixture.Portal, signup.Id);
        await TrialJourney.ForgetSetUpChangeAsync(fixture.Portal, signup.Id);
        return signup.Id;
    }
}
