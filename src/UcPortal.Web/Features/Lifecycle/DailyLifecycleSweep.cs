using UcPortal.Web.Hosting;

namespace UcPortal.Web.Features.Lifecycle;

/// <summary>Runs every lifecycle sweep once, in the order the ladder needs: first the provider's
/// word (billing reconciliation), then the steps that suspend, then reminders, then release, purge and
/// the numbers' return. Each feature declares its sweeps with their place in this order
/// (AddRecurringJob's dailySweepStep); the recurring jobs run each on its own schedule. This is the one
/// entry point for an operator (and the renewal benchmark) to run the whole day's work at once.</summary>
public sealed class DailyLifecycleSweep(IEnumerable<RecurringJobEntry> jobs, IServiceProvider services)
{
    /// <summary>The sweeps in order, with their recurring-job ids.</summary>
    public IReadOnlyList<(string Id, Func<CancellationToken, Task> Run)> Steps =>
        jobs.Where(j => j.DailySweepStep is not null).OrderBy(j => j.DailySweepStep)
            .Select(j => (j.Id, (Func<CancellationToken, Task>)(ct => j.Run(services, ct)))).ToList();

    public async Task RunAsync(CancellationToken ct)
    {
        foreach (var (_, run) in Steps)
        {
            await run(ct);
        }
    }
}
