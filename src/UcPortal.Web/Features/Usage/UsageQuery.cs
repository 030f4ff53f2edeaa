using System.Globalization;
using System.Text;

namespace UcPortal.Web.Features.Usage;

public sealed class UsageFilter
{
    public DateOnly? From { get; set; }
    public DateOnly? To { get; set; }
    public CallDirection? Direction { get; set; }

    /// <summary>Part of the calling or called number.</summary>
    public string? Number { get; set; }
}

public sealed record UsageDay(DateOnly Day, int Calls, int Minutes);

public sealed class UsagePage
{
    public required UsageFilter Filter { get; init; }
    public required List<UsageDay> Days { get; init; }
    public required List<CallRecord> Calls { get; init; }
    public int TotalCalls { get; init; }
    public int BilledMinutes { get; init; }
    public bool IsTrial { get; init; }
    /// <summary>"$4.20 of $5.00" or "42 of 60 min".</summary>
    public string CreditLeftOfTotal { get; init; } = "";
    public bool SipCoreConnected { get; init; }
}

/// <summary>A tenant's calls: per-day totals for the chart, the filtered list, and the CSV export.</summary>
public sealed class UsageQuery(PortalDbContext db, TimeProvider clock, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> t)
{
    public const int MaxRows = 500;

    public async Task<UsagePage> PageAsync(Guid tenantId, UsageFilter filter, bool sipCoreConnected, CancellationToken ct)
    {
        var (from, to) = Range(filter);
        var calls = Filtered(tenantId, filter, from, to);
        var rows = await calls.OrderByDescending(c => c.StartedAtUtc).Take(MaxRows).ToListAsync(ct);
        var perDay = await calls.Select(c => new { c.StartedAtUtc, c.BilledSeconds, c.DurationSeconds }).ToListAsync(ct);
        var days = Enumerable.Range(0, to.DayNumber - from.DayNumber + 1)
            .Select(i => from.AddDays(i))
            .Select(d => new UsageDay(d,
                perDay.Count(c => DateOnly.FromDateTime(c.StartedAtUtc) == d),
                perDay.Where(c => DateOnly.FromDateTime(c.StartedAtUtc) == d).Sum(c => (c.DurationSeconds + 59) / 60)))
            .ToList();
        var tenant = await db.Tenants.AsNoTracking().Include(t => t.Plan).SingleAsync(t => t.Id == tenantId, ct);
        return new UsagePage
        {
            Filter = new UsageFilter { From = from, To = to, Direction = filter.Direction, Number = filter.Number },
            Days = days,
            Calls = rows,
            TotalCalls = perDay.Count,
            BilledMinutes = perDay.Sum(c => c.BilledSeconds) / 60,
            IsTrial = tenant.Status == TenantStatus.Trial,
            CreditLeftOfTotal = tenant.HasMoneyCredit
                ? t["{0} of {1}", Trials.TrialCredit.Money2(tenant.CreditCentsLeft, tenant.Plan!.Currency), Trials.TrialCredit.Money2(tenant.TrialCreditCents, tenant.Plan!.Currency)]
                : t["{0} of {1} min", tenant.CreditMinutesLeft, tenant.TrialCreditSeconds / 60],
            SipCoreConnected = sipCoreConnected,
        };
    }

    public async Task<string> CsvAsync(Guid tenantId, UsageFilter filter, CancellationToken ct)
    {
        var (from, to) = Range(filter);
        var rows = await Filtered(tenantId, filter, from, to).OrderBy(c => c.StartedAtUtc).Take(100_000).ToListAsync(ct);
        var csv = new StringBuilder("started_utc,direction,from,to,duration_seconds,billed_seconds,disposition,destination_class,rate_prefix,cost\n");
        foreach (var c in rows)
        {
            csv.Append(c.StartedAtUtc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)).Append(',')
               .Append(c.Direction.ToString().ToLowerInvariant()).Append(',')
               .Append(Field(c.FromNumber)).Append(',')
               .Append(Field(c.ToNumber)).Append(',')
               .Append(c.DurationSeconds.ToString(CultureInfo.InvariantCulture)).Append(',')
               .Append(c.BilledSeconds.ToString(CultureInfo.InvariantCulture)).Append(',')
               .Append(Field(c.Disposition)).Append(',')
               .Append(Field(Pbx.Routing.DestinationClasses.Describe(c.DestinationClass))).Append(',')
               .Append(c.RatePrefix ?? "").Append(',')
               .Append(CallRates.Format(c.CostMicros)).Append('\n');
        }
        return csv.ToString();
    }

    private (DateOnly From, DateOnly To) Range(UsageFilter filter)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var to = filter.To ?? today;
        var from = filter.From ?? to.AddDays(-29);
        if (from > to)
        {
            (from, to) = (to, from);
        }
        // At most a year per page: the chart has one bar per day.
        if (to.DayNumber - from.DayNumber > 366)
        {
            from = to.AddDays(-366);
        }
        return (from, to);
    }

    private IQueryable<CallRecord> Filtered(Guid tenantId, UsageFilter filter, DateOnly from, DateOnly to)
    {
        var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var end = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var q = db.CallRecords.AsNoTracking().Where(c => c.TenantId == tenantId && c.StartedAtUtc >= start && c.StartedAtUtc < end);
        if (filter.Direction is { } direction)
        {
            q = q.Where(c => c.Direction == direction);
        }
        if (!string.IsNullOrWhiteSpace(filter.Number))
        {
            var part = filter.Number.Trim();
            q = q.Where(c => c.FromNumber.Contains(part) || c.ToNumber.Contains(part));
        }
        return q;
    }

    /// <summary>CSV field; a leading = + - @ is defused so a spreadsheet does not run it as a formula.</summary>
    private static string Field(string value)
    {
        if (value.Length > 0 && "=+-@".Contains(value[0]) && !(value[0] == '+' && value.Skip(1).All(char.IsDigit)))
        {
            value = "'" + value;
        }
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
