using System.Globalization;

namespace UcPortal.Web.Features.Compare;

/// <summary>One assumption of the cost comparison: its code in the rate table, what it means, its
/// default and the range a prospect or staff may set.</summary>
public sealed record AssumptionDefinition(string Code, string Label, string Unit, string Help, decimal Default, decimal Min, decimal Max, bool WholeNumber = false)
{
    public string Format(decimal value) => value.ToString(WholeNumber ? "0" : "0.##", CultureInfo.InvariantCulture);
}

/// <summary>The comparison's assumptions and their values: a staff-set row in <see cref="ComparisonRate"/>
/// or, without one, the default below. Staff change them at /admin/comparison-rates (audited).</summary>
public sealed class ComparisonRates(PortalDbContext db, PortalUnitOfWork unitOfWork, StaffAudit audit, TimeProvider clock)
{
    public static readonly AssumptionDefinition ItHourlyRate = new("it-hourly-rate", "IT staff cost", "an hour", "What an hour of your IT staff or contractor costs.", 55, 0, 1000);
    public static readonly AssumptionDefinition PbxCostPerSite = new("pbx-cost-per-site", "On-premise PBX hardware", "a site", "Server or appliance, line gateway and installation for one site.", 3000, 0, 1_000_000);
    public static readonly AssumptionDefinition LicencePerSeat = new("pbx-licence-per-seat", "PBX licence", "a seat", "Licence for each user of an on-premise PBX, bought with it and for every new seat.", 120, 0, 10_000);
    public static readonly AssumptionDefinition PbxLifetimeYears = new("pbx-lifetime-years", "PBX lifetime", "years", "A PBX this old is replaced at today's prices (0 = never).", 8, 0, 30, WholeNumber: true);
    public static readonly AssumptionDefinition MinutesPerSeat = new("minutes-per-seat", "Outside calls", "minutes a seat a month", "Minutes each seat spends on calls to the phone network.", 300, 0, 20_000, WholeNumber: true);
    public static readonly AssumptionDefinition PricePerExtraMinute = new("price-per-extra-minute", "Calls beyond included minutes", "a minute", "What a minute costs once a plan's included minutes are used.", 0.02m, 0, 10);
    public static readonly AssumptionDefinition SwitchingCostPerSite = new("switching-cost-per-site", "Switching", "a site, once", "Setting up phones and numbers with us when you switch.", 250, 0, 100_000);
    public static readonly AssumptionDefinition HostedItSharePercent = new("hosted-it-share", "IT time kept when hosted", "% of today's", "Hosted, we run the PBX: what is left is adding users and phones.", 20, 0, 100, WholeNumber: true);

    public static readonly IReadOnlyList<AssumptionDefinition> All =
        [ItHourlyRate, PbxCostPerSite, LicencePerSeat, PbxLifetimeYears, MinutesPerSeat, PricePerExtraMinute, SwitchingCostPerSite, HostedItSharePercent];

    /// <summary>Every assumption's value now, by code.</summary>
    public async Task<Dictionary<string, decimal>> CurrentAsync(CancellationToken ct)
    {
        var rows = await db.ComparisonRates.AsNoTracking().ToDictionaryAsync(r => r.Code, r => r.ValueMicros / 1_000_000m, ct);
        return All.ToDictionary(d => d.Code, d => rows.TryGetValue(d.Code, out var v) ? v : d.Default);
    }

    public static ComparisonAssumptions ToAssumptions(IReadOnlyDictionary<string, decimal> v) => new(
        v[ItHourlyRate.Code], v[PbxCostPerSite.Code], v[LicencePerSeat.Code], (int)v[PbxLifetimeYears.Code],
        (int)v[MinutesPerSeat.Code], v[PricePerExtraMinute.Code], v[SwitchingCostPerSite.Code], v[HostedItSharePercent.Code]);

    /// <summary>Parses one value as a prospect or staff typed it; null with the message when it is not acceptable.</summary>
    public static (decimal? Value, string? Error) Parse(AssumptionDefinition d, string? text, Microsoft.Extensions.Localization.IStringLocalizer? t = null)
    {
        string L(string english, params object[] args) => Localisation.PortalText.Say(t, english, args);
        var s = (text ?? "").Trim().Replace(",", "").TrimStart('$', '€', '£').TrimEnd('%').Trim();
        if (s.Length == 0)
        {
            return (null, L("Enter the {0} ({1}).", t is null ? d.Label.ToLowerInvariant() : L(d.Label), L(d.Unit)));
        }
        if (!decimal.TryParse(s, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return (null, L("Enter a number, e.g. {0}.", d.Format(d.Default)));
        }
        if (value < d.Min || value > d.Max)
        {
            return (null, L("Enter {0} to {1} ({2}).", d.Format(d.Min), d.Format(d.Max), L(d.Unit)));
        }
        if (d.WholeNumber && value != decimal.Truncate(value))
        {
            return (null, L("Enter a whole number."));
        }
        if (decimal.Round(value, 6) != value)
        {
            return (null, L("Use at most six decimals."));
        }
        return (value, null);
    }

    /// <summary>Staff set one assumption's default; the change is audited.</summary>
    public async Task<FormResult> SetAsync(string code, string? text, string actor, CancellationToken ct)
    {
        var d = All.FirstOrDefault(x => x.Code == code);
        if (d is null)
        {
            return FormResult.Missing();
        }
        var (value, error) = Parse(d, text);
        if (value is not { } v)
        {
            return FormResult.Refused(code, error!);
        }
        var row = await db.ComparisonRates.SingleOrDefaultAsync(r => r.Code == code, ct);
        var before = row is null ? d.Default : row.ValueMicros / 1_000_000m;
        if (row is null)
        {
            row = new ComparisonRate { Code = code };
            db.ComparisonRates.Add(row);
        }
        row.ValueMicros = (long)(v * 1_000_000m);
        row.UpdatedAtUtc = clock.GetUtcNow().UtcDateTime;
        row.UpdatedBy = actor;
        audit.Record(AuditActions.ComparisonRateChanged, target: d.Label, detail: $"{d.Format(before)} → {d.Format(v)} ({d.Unit})");
        var committed = await unitOfWork.CommitFormAsync(code, "Someone else changed this value at the same moment: try again.", ct);
        return committed.Succeeded ? FormResult.Ok($"{d.Label}: {d.Format(v)} ({d.Unit}) from now on.") : committed;
    }
}
