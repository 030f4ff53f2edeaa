using Hangfire;
using Hangfire.Common;
using Hangfire.Server;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UcPortal.Data;
using UcPortal.Tests.Infrastructure;

namespace UcPortal.Tests.Hosting;

/// <summary>Two portals in one process (the end-to-end suite runs two at once): each builds its
/// Hangfire jobs in its own container, on its own database, whichever was configured last.</summary>
public sealed class TwoPortalsInOneProcessTests
{
    [Fact]
    public void EachPortal_BuildsItsJobsInItsOwnContainer_AfterAnotherPortalStarted()
    {
        using var first = new SqlitePortal();
        _ = first.Services;
        // The second portal configures Hangfire after the first: its process-wide settings are now the second's.
        using var second = new SqlitePortal();
        _ = second.Services;

        // What the first portal's Hangfire server uses to build a job (BackgroundJobServerOptions.Activator).
        var activator = first.Services.GetRequiredService<JobActivator>();
        using var connection = first.Services.GetRequiredService<JobStorage>().GetConnection();
        var job = new BackgroundJob("1", Job.FromExpression(() => Console.WriteLine()), DateTime.UtcNow);
        using var scope = activator.BeginScope(new JobActivatorContext(connection, job, new JobCancellationToken(false)));
        var db = (PortalDbContext)scope.Resolve(typeof(PortalDbContext));

        Assert.Contains(first.DataFolder, db.Database.GetConnectionString(), StringComparison.Ordinal);
    }
}
