using System.Globalization;

namespace UcPortal.Web.Features.Funnel;

/// <summary>The funnel's steps, in order.</summary>
public static class FunnelSteps
{
    public static readonly string[] Names = ["Signed up", "Confirmed email", "Provisioned", "First registration", "First call", "Converted to paid"];
}

/// <summary>One week's signups (a cohort, Monday to Sunday UTC) and how many of them reached each step so far.</summary>
public sealed record FunnelWeek(DateOnly WeekStart, int[] Reached, double? MedianHoursToFirstCall)
{
    public string Label => WeekStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

public sealed class FunnelResult
{
    public List<FunnelWeek> Weeks { get; init; } = [];
    /// <summary>All weeks together, per step.</summary>
    public int[] Totals { get; init; } = new int[FunnelSteps.Names.Length];
    /// <summary>Median time from provisioning to the first call, over every cohort shown; null without a call.</summary>
    public double? MedianHoursToFirstCall { get; init; }
    public int WeeksShown { get; init; }

    /// <summary>Share of the previous step's count that reached this step (null for the first step or when the previous is 0).</summary>
    public static double? StepRate(int[] reached, int step) => step == 0 || reached[step - 1] == 0 ? null : (double)reached[step] / reached[step - 1];

    /// <summary>Share of signups that reached this step.</summary>
    public static double? OverallRate(int[] reached, int step) => reached[0] == 0 ? null : (double)reached[step] / reached[0];
}

/// <summary>The trial funnel by week of signup: signups → confirmed → provisioned → first registration →
/// first call → converted. Cohorts, not events: a week's row counts its own signups and every step they
/// reached by now, so its rates are comparable and the latest weeks still grow. The first three steps
/// are the TrialSignup's times, the last three the tenant's (FirstRegistrationJob, CallRecordImportJob,
/// TenantBilling).</summary>
public sealed class FunnelReport(PortalDbContext db, TimeProvider clock)
{
    public const int DefaultWeeks = 12;

    public async Task<FunnelResult> RunAsync(int weeks, CancellationToken ct)
    {
        weeks = Math.Clamp(weeks, 1, 104);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var thisWeek = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var firstWeek = thisWeek.AddDays(-7 * (weeks - 1));
        var since = firstWeek.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var rows = await (
            from s in db.TrialSignups.AsNoTracking()
            where s.CreatedAtUtc >= since
            join t in db.Tenants on s.Id equals t.Id into tenants
            from t in tenants.DefaultIfEmpty()
            select new
            {
                s.CreatedAtUtc, s.ConfirmedAtUtc, s.ProvisionedAtUtc,
                FirstRegistration = (DateTime?)t.FirstRegistrationAtUtc,
                FirstCall = (DateTime?)t.FirstCallAtUtc,
                Converted = (DateTime?)t.ConvertedAtUtc,
            }).ToListAsync(ct);

        var result = new List<FunnelWeek>();
        var allHours = new List<double>();
        var totals = new int[FunnelSteps.Names.Length];
        for (var w = 0; w < weeks; w++)
        {
            var start = firstWeek.AddDays(7 * w);
            var weekFrom = start.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            var weekTo = weekFrom.AddDays(7);
            var cohort = rows.Where(r => r.CreatedAtUtc >= weekFrom && r.CreatedAtUtc < weekTo).ToList();
            int[] reached =
            [
                cohort.Count,
                cohort.Count(r => r.ConfirmedAtUtc is not null),
                cohort.Count(r => r.ProvisionedAtUtc is not null),
                cohort.Count(r => r.ProvisionedAtUtc is not null && r.FirstRegistration is not null),
                cohort.Count(r => r.ProvisionedAtUtc is not null && r.FirstCall is not null),
                cohort.Count(r => r.ProvisionedAtUtc is not null && r.Converted is not null),
            ];
            var hours = cohort.Where(r => r.ProvisionedAtUtc is not null && r.FirstCall is not null)
                .Select(r => Math.Max(0, (r.FirstCall!.Value - r.ProvisionedAtUtc!.Value).TotalHours)).ToList();
            allHours.AddRange(hours);
            for (var i = 0; i < totals.Length; i++)
            {
                totals[i] += reached[i];
            }
            result.Add(new FunnelWeek(start, reached, Median(hours)));
        }
        return new FunnelResult { Weeks = result, Totals = totals, MedianHoursToFirstCall = Median(allHours), WeeksShown = weeks };
    }

    public static double? Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return null;
        }
        values.Sort();
        var mid = values.Count / 2;
        return values.Count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    /// <summary>"3 h 20 min", "2 d 4 h", "45 min".</summary>
    public static string Duration(double? hours)
    {
        if (hours is not { } h)
        {
            return "—";
        }
        var span = TimeSpan.FromHours(h);
        return span.TotalDays >= 1 ? $"{(int)span.TotalDays} d {span.Hours} h"
            : span.TotalHours >= 1 ? $"{(int)span.TotalHours} h {span.Minutes} min"
            : $"{Math.Max(0, (int)Math.Round(span.TotalMinutes))} min";
    }
}
