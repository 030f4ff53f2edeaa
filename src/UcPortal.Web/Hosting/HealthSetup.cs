using System.Text.Json;
using Hangfire;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace UcPortal.Web.Hosting;

/// <summary>Three health endpoints (decision 028): <c>/health/live</c> answers 200 while the process
/// serves requests (a load balancer or orchestrator restarts the node when it does not);
/// <c>/health/ready</c> answers 503 when a dependency is unreachable (the portal database, the job
/// storage, the SIP core when one is configured), so the load balancer sends requests to another
/// node; <c>/health</c> is the same as ready (kept for the image's HEALTHCHECK and scripts).</summary>
public static class HealthSetup
{
    /// <summary>Tag of the checks /health/ready runs.</summary>
    public const string Ready = "ready";

    public static void AddPortalHealthChecks(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddDbContextCheck<PortalDbContext>("database", tags: [Ready])
            .AddCheck<JobStorageHealthCheck>("jobs-storage", tags: [Ready]);
    }

    public static void MapPortalHealth(this WebApplication app)
    {
        var ready = Options(c => c.Tags.Contains(Ready));
        app.MapHealthChecks("/health", ready).AllowAnonymous();
        app.MapHealthChecks("/health/ready", ready).AllowAnonymous();
        app.MapHealthChecks("/health/live", Options(_ => false)).AllowAnonymous();
    }

    private static HealthCheckOptions Options(Func<HealthCheckRegistration, bool> predicate) => new()
    {
        Predicate = predicate,
        ResponseWriter = async (ctx, report) =>
        {
            ctx.Response.ContentType = "application/json";
            ctx.Response.Headers.CacheControl = "no-store";
            await JsonSerializer.SerializeAsync(ctx.Response.Body, new
            {
                status = report.Status.ToString(),
                checks = report.Entries.ToDictionary(e => e.Key, e => e.Value.Status.ToString()),
            });
        },
    };
}

/// <summary>Healthy when Hangfire's storage answers a query.</summary>
public sealed class JobStorageHealthCheck(JobStorage storage) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var connection = storage.GetConnection();
            connection.GetAllItemsFromSet("recurring-jobs");
            return Task.FromResult(HealthCheckResult.Healthy());
        }
        catch (Exception ex)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("Job storage unreachable", ex));
        }
    }
}
