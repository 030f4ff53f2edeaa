using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using UcPortal.Tests.Infrastructure;
using UcPortal.Web.Features.Billing;
using UcPortal.Web.Features.Lifecycle;

namespace UcPortal.Tests.Lifecycle;

public sealed class LifecycleJobRegistrationTests(SqlitePortal portal) : IClassFixture<SqlitePortal>
{
    [Fact]
    public void EveryLifecycleSweep_IsARecurringJob_WithItsStableId_OnAUtcSchedule()
    {
        using var connection = portal.Services.GetRequiredService<JobStorage>().GetConnection();
        var registered = connection.GetRecurringJobs().ToDictionary(j => j.Id);
        string[] sweeps;
        using (var scope = portal.Scope())
        {
            sweeps = scope.ServiceProvider.GetRequiredService<DailyLifecycleSweep>().Steps.Select(s => s.Id).ToArray();
        }

        Assert.Equal(8, sweeps.Length);
        foreach (var id in sweeps)
        {
            Assert.True(registered.TryGetValue(id, out var job), $"{id} is not registered");
            Assert.Equal("UTC", job!.TimeZoneId);
            Assert.Null(job.Error);
        }
        Assert.Equal("5 * * * *", registered[SubscriptionEndJob.Id].Cron);
        Assert.Equal("10 * * * *", registered[TrialExpiryJob.Id].Cron);
        Assert.Equal("0 2 * * *", registered[BillingReconciliationJob.Id].Cron);
    }
}
