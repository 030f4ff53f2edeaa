namespace UcPortal.Web.Features.Compare;

public enum CurrentPbx { None, OnPremise }

/// <summary>What the prospect has today (money in the plans' currency).</summary>
public sealed record ComparisonInputs(
    int Seats, int Lines, int Sites, decimal MonthlyBillPerSite,
    CurrentPbx Pbx, int PbxAgeYears, decimal PbxPurchasePrice, decimal MaintenancePercent,
    decimal ItHoursPerMonth, decimal GrowthPercentPerYear);

/// <summary>The figures the comparison assumes: staff keep defaults at /admin/comparison-rates, the
/// prospect may change them on the page.</summary>
public sealed record ComparisonAssumptions(
    decimal ItHourlyRate, decimal PbxCostPerSite, decimal LicencePerSeat, int PbxLifetimeYears,
    int MinutesPerSeat, decimal PricePerExtraMinute,
    decimal SwitchingCostPerSite, decimal HostedItSharePercent);

/// <summary>A paid plan of the catalogue as the comparison prices it.</summary>
public sealed record PlanOffer(string Name, decimal MonthlyPrice, int Extensions, int ConcurrentCalls, int IncludedMinutes, bool SipTrunks);

public sealed record CostLine(string Name, decimal Total);

public sealed record OptionCost(string Key, string Name, string Description, IReadOnlyList<CostLine> Lines, IReadOnlyList<decimal> Cumulative)
{
    /// <summary>The description before the plans are put in ({0}: the plans, joined by ", then "), for translation.</summary>
    public string DescriptionFormat { get; init; } = Description;
    public IReadOnlyList<string> Plans { get; init; } = [];

    public decimal Total => Cumulative[^1];
}

public sealed record ComparisonResult(
    OptionCost OnPremise, OptionCost Hosted, OptionCost? Trunks,
    int? HostedBreakEvenMonth, int? TrunksBreakEvenMonth, int? PbxReplacementMonth)
{
    public IEnumerable<OptionCost> Options => Trunks is null ? [OnPremise, Hosted] : [OnPremise, Hosted, Trunks];
}

/// <summary>Three years, month by month, of what each choice costs from today. Money already spent
/// (an existing PBX's purchase) is not counted: only what is still to pay. Growth adds seats, lines
/// and phone bill once a year (months 13 and 25), rounded up to whole seats and lines. Hosted PBX and
/// SIP trunks replace today's phone bill (lines and calls): calls are priced as minutes a seat makes,
/// free up to the plan's included minutes. Desk phones
/// and the internet connection are left out: every option needs them.</summary>
public static class CostModel
{
    public const int Months = 36;

    public static ComparisonResult Compute(ComparisonInputs i, ComparisonAssumptions a, IReadOnlyList<PlanOffer> plans)
    {
        var growth = 1 + i.GrowthPercentPerYear / 100m;
        var seats = new int[3];
        var lines = new int[3];
        var bill = new decimal[3];
        var factor = 1m;
        for (var y = 0; y < 3; y++)
        {
            seats[y] = (int)Math.Ceiling(i.Seats * factor);
            lines[y] = (int)Math.Ceiling(i.Lines * factor);
            bill[y] = i.MonthlyBillPerSite * i.Sites * factor;
            factor *= growth;
        }
        var itMonthly = i.ItHoursPerMonth * a.ItHourlyRate;
        var newPbxHardware = a.PbxCostPerSite * i.Sites;

        // The PBX the prospect keeps (on-premise and SIP trunks): bought now when they have none,
        // replaced at today's prices when it reaches its lifetime within the three years.
        var hardware = new decimal[Months];
        var licences = new decimal[Months];
        var maintenance = new decimal[Months];
        int? replacementMonth = null;
        var maintenanceBase = i.PbxPurchasePrice;
        if (i.Pbx == CurrentPbx.None)
        {
            replacementMonth = 1;
        }
        else if (a.PbxLifetimeYears > 0)
        {
            var month = Math.Max(1, (a.PbxLifetimeYears - i.PbxAgeYears) * 12 + 1);
            replacementMonth = month <= Months ? month : null;
        }
        var licensedSeats = i.Pbx == CurrentPbx.None ? 0 : seats[0];
        for (var m = 1; m <= Months; m++)
        {
            var y = (m - 1) / 12;
            if (m == replacementMonth)
            {
                hardware[m - 1] += newPbxHardware;
                licences[m - 1] += a.LicencePerSeat * seats[y];
                licensedSeats = seats[y];
                maintenanceBase = newPbxHardware + a.LicencePerSeat * seats[y];
            }
            else if (seats[y] > licensedSeats)
            {
                licences[m - 1] += a.LicencePerSeat * (seats[y] - licensedSeats);
                licensedSeats = seats[y];
            }
            maintenance[m - 1] = maintenanceBase * i.MaintenancePercent / 100m / 12m;
        }

        var phoneBill = Monthly(m => bill[(m - 1) / 12]);
        var it = Monthly(_ => itMonthly);
        var onPremise = Option("on-premise", "On-premise PBX",
            i.Pbx == CurrentPbx.None ? "Buy a PBX now and keep your phone lines." : "Keep your PBX and your phone lines as they are.",
            ("PBX hardware", hardware), ("Licences", licences), ("Maintenance", maintenance), ("Phone lines and calls", phoneBill), ("IT time", it));

        var switching = Monthly(m => m == 1 ? a.SwitchingCostPerSite * i.Sites : 0);

        var hostedPlans = new string[3];
        var hostedSubscription = new decimal[Months];
        var hostedCalls = new decimal[Months];
        for (var m = 1; m <= Months; m++)
        {
            var y = (m - 1) / 12;
            var (plan, count) = Cheapest(plans, p => p.Extensions, seats[y]);
            hostedPlans[y] = Describe(plan, count);
            hostedSubscription[m - 1] = plan.MonthlyPrice * count;
            hostedCalls[m - 1] = ExtraMinutes(seats[y], a, plan.IncludedMinutes * count);
        }
        const string hostedFormat = "Our hosted PBX ({0}); your lines and PBX go.";
        var hosted = Option("hosted", "Hosted PBX",
            string.Format(hostedFormat, string.Join(", then ", hostedPlans.Distinct())),
            ("Switching", switching), ("Subscription", hostedSubscription), ("Calls beyond included minutes", hostedCalls),
            ("IT time", Monthly(_ => itMonthly * a.HostedItSharePercent / 100m))) with { DescriptionFormat = hostedFormat, Plans = hostedPlans.Distinct().ToList() };

        OptionCost? trunks = null;
        var trunkPlans = plans.Where(p => p.SipTrunks && p.ConcurrentCalls > 0).ToList();
        if (trunkPlans.Count > 0)
        {
            var names = new string[3];
            var subscription = new decimal[Months];
            var calls = new decimal[Months];
            for (var m = 1; m <= Months; m++)
            {
                var y = (m - 1) / 12;
                var (plan, count) = Cheapest(trunkPlans, p => p.ConcurrentCalls, lines[y]);
                names[y] = Describe(plan, count);
                subscription[m - 1] = plan.MonthlyPrice * count;
                calls[m - 1] = ExtraMinutes(seats[y], a, plan.IncludedMinutes * count);
            }
            var trunksFormat = i.Pbx == CurrentPbx.None
                ? "Keep a new PBX, replace its lines with our SIP trunks ({0})."
                : "Keep your PBX, replace its lines with our SIP trunks ({0}).";
            trunks = Option("sip-trunks", "SIP trunks",
                string.Format(trunksFormat, string.Join(", then ", names.Distinct())),
                ("PBX hardware", hardware), ("Licences", licences), ("Maintenance", maintenance), ("Switching", switching),
                ("Trunk subscription", subscription), ("Calls beyond included minutes", calls), ("IT time", it))
                with { DescriptionFormat = trunksFormat, Plans = names.Distinct().ToList() };
        }

        return new ComparisonResult(onPremise, hosted, trunks,
            BreakEven(hosted, onPremise), trunks is null ? null : BreakEven(trunks, onPremise), i.Pbx == CurrentPbx.None ? null : replacementMonth);
    }

    /// <summary>The first month by whose end the option has cost no more in total than staying
    /// on-premise; null when that does not happen within the three years.</summary>
    public static int? BreakEven(OptionCost option, OptionCost onPremise)
    {
        for (var m = 0; m < Months; m++)
        {
            if (option.Cumulative[m] <= onPremise.Cumulative[m])
            {
                return m + 1;
            }
        }
        return null;
    }

    /// <summary>Minutes beyond what the plan includes, at the assumed price a minute.</summary>
    private static decimal ExtraMinutes(int seats, ComparisonAssumptions a, int included) =>
        Math.Max(0, seats * a.MinutesPerSeat - included) * a.PricePerExtraMinute;

    /// <summary>The cheapest single plan big enough; past the biggest plan, as many of it as needed.</summary>
    private static (PlanOffer Plan, int Count) Cheapest(IReadOnlyList<PlanOffer> plans, Func<PlanOffer, int> capacity, int needed)
    {
        var fits = plans.Where(p => capacity(p) >= needed).OrderBy(p => p.MonthlyPrice).FirstOrDefault();
        if (fits is not null)
        {
            return (fits, 1);
        }
        var biggest = plans.OrderByDescending(capacity).ThenBy(p => p.MonthlyPrice).First();
        return (biggest, (int)Math.Ceiling(needed / (decimal)Math.Max(1, capacity(biggest))));
    }

    private static string Describe(PlanOffer plan, int count) => count == 1 ? plan.Name : $"{count} × {plan.Name}";

    private static decimal[] Monthly(Func<int, decimal> amount) => Enumerable.Range(1, Months).Select(amount).ToArray();

    private static OptionCost Option(string key, string name, string description, params (string Name, decimal[] Monthly)[] lines)
    {
        var cumulative = new decimal[Months];
        var sum = 0m;
        for (var m = 0; m < Months; m++)
        {
            sum += lines.Sum(l => l.Monthly[m]);
            cumulative[m] = sum;
        }
        return new OptionCost(key, name, description, lines.Select(l => new CostLine(l.Name, l.Monthly.Sum())).ToList(), cumulative);
    }
}
