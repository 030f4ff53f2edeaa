using System.Linq.Expressions;
using Hangfire;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace UcPortal.Web.Hosting;

/// <summary>A recurring job as its feature declares it; <see cref="RecurringJobs.RegisterRecurringJobs"/>
/// hands them all to Hangfire at startup. <see cref="DailySweepStep"/> places a lifecycle sweep in the
/// order DailyLifecycleSweep runs them (null: not part of it).</summary>
public sealed record RecurringJobEntry(string Id, string Cron, int? DailySweepStep, Action<IRecurringJobManager> Register, Func<IServiceProvider, CancellationToken, Task> Run);

public static class RecurringJobs
{
    /// <summary>Registers the job class (scoped) and its recurring schedule: a stable kebab-case id
    /// and a UTC cron. <paramref name="run"/> is the call Hangfire makes; its CancellationToken
    /// argument is the one Hangfire (or the daily sweep) passes.</summary>
    public static IServiceCollection AddRecurringJob<TJob>(this IServiceCollection services, string id, string cron,
        Expression<Func<TJob, CancellationToken, Task>> run, int? dailySweepStep = null) where TJob : class
    {
        services.TryAddScoped<TJob>();
        var forHangfire = Expression.Lambda<Func<TJob, Task>>(
            new TokenArgument(run.Parameters[1]).Visit(run.Body), run.Parameters[0]);
        var compiled = run.Compile();
        return services.AddSingleton(new RecurringJobEntry(id, cron, dailySweepStep,
            jobs => jobs.AddOrUpdate(id, forHangfire, cron),
            (sp, ct) => compiled(sp.GetRequiredService<TJob>(), ct)));
    }

    /// <summary>Hands every declared recurring job to Hangfire (idempotent: same id, same job).</summary>
    public static void RegisterRecurringJobs(this WebApplication app)
    {
        var manager = app.Services.GetRequiredService<IRecurringJobManager>();
        foreach (var entry in app.Services.GetServices<RecurringJobEntry>())
        {
            entry.Register(manager);
        }
    }

    /// <summary>Hangfire stores the call with its arguments; it replaces a CancellationToken argument with its own.</summary>
    private sealed class TokenArgument(ParameterExpression token) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) =>
            node == token ? Expression.Constant(CancellationToken.None) : base.VisitParameter(node);
    }
}
