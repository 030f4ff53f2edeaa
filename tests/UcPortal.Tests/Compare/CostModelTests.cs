using UcPortal.Web.Features.Compare;

namespace UcPortal.Tests.Compare;

/// <summary>The cost model against figures worked out by hand (in the comments), with the standard
/// plans' prices: Starter 19 (5 seats, 4 calls, 1,000 min, no trunks), Business 49 (20 seats,
/// 10 calls, 5,000 min, trunks), Enterprise 149 (100 seats, 40 calls, 25,000 min, trunks).</summary>
public class CostModelTests
{
    private static readonly PlanOffer[] Plans =
    [
        new("Starter", 19, 5, 4, 1000, false),
        new("Business", 49, 20, 10, 5000, true),
        new("Enterprise", 149, 100, 40, 25000, true),
    ];

    // IT 50/h, PBX 3,000 a site, licence 100 a seat, PBX lasts 8 years, 300 min a seat,
    // 0.02 a minute beyond the plan, switching 250 a site, 25 % of IT time left when hosted.
    private static readonly ComparisonAssumptions Assumed = new(50, 3000, 100, 8, 300, 0.02m, 250, 25);

    private static ComparisonInputs Inputs(int seats = 10, int lines = 4, int sites = 1, decimal bill = 300, CurrentPbx pbx = CurrentPbx.OnPremise,
        int age = 3, decimal price = 6000, decimal maintenance = 15, decimal itHours = 4, decimal growth = 0) =>
        new(seats, lines, sites, bill, pbx, age, price, maintenance, itHours, growth);

    [Fact]
    public void ExistingPbx_NoGrowth_TotalsAreThreeYearsOfEachMonthlyCost()
    {
        var r = CostModel.Compute(Inputs(), Assumed, Plans);

        // On-premise: maintenance 6,000 × 15 % / 12 = 75 a month (2,700), bill 300 (10,800), IT 4 h × 50 = 200 (7,200).
        Assert.Equal(20700m, r.OnPremise.Total);
        Assert.Equal(2700m, Line(r.OnPremise, "Maintenance"));
        Assert.Equal(0m, Line(r.OnPremise, "PBX hardware"));
        // Hosted: 10 seats → Business 49 (1,764); 3,000 min < 5,000 included; IT 50 a month (1,800); switching 250.
        Assert.Equal(3814m, r.Hosted.Total);
        Assert.Contains("Business", r.Hosted.Description);
        // SIP trunks: the PBX's maintenance 2,700 and IT 7,200 stay; 4 lines → Business 49 (1,764); switching 250.
        Assert.Equal(11914m, r.Trunks!.Total);
        // Month 1: hosted 250 + 49 + 50 = 349 against 75 + 300 + 200 = 575.
        Assert.Equal(1, r.HostedBreakEvenMonth);
        Assert.Equal(349m, r.Hosted.Cumulative[0]);
        Assert.Equal(575m, r.OnPremise.Cumulative[0]);
        Assert.Null(r.PbxReplacementMonth);
    }

    [Fact]
    public void NoPbx_WithGrowth_BuysAPbxAndLicencesEachYearsNewSeats()
    {
        // 4 seats, 2 lines, 2 sites at 100, growing 50 % a year: seats 4, 6, 9; lines 2, 3, 5; bill 200, 300, 450.
        var r = CostModel.Compute(Inputs(seats: 4, lines: 2, sites: 2, bill: 100, pbx: CurrentPbx.None, age: 0, price: 0, itHours: 2, growth: 50), Assumed, Plans);

        // PBX 2 × 3,000; licences 400 + 200 + 300; maintenance (6,000 + 400) × 15 % / 12 = 80 a month;
        // bill 2,400 + 3,600 + 5,400; IT 2 × 50 = 100 a month.
        Assert.Equal(6000m, Line(r.OnPremise, "PBX hardware"));
        Assert.Equal(900m, Line(r.OnPremise, "Licences"));
        Assert.Equal(2880m, Line(r.OnPremise, "Maintenance"));
        Assert.Equal(11400m, Line(r.OnPremise, "Phone lines and calls"));
        Assert.Equal(24780m, r.OnPremise.Total);
        // Hosted: Starter 19 for year 1, Business 49 after (228 + 1,176); year 1 calls 1,200 − 1,000 min × 0.02 = 4 a month (48);
        // IT 25 a month (900); switching 2 × 250.
        Assert.Equal(1404m, Line(r.Hosted, "Subscription"));
        Assert.Equal(48m, Line(r.Hosted, "Calls beyond included minutes"));
        Assert.Equal(2852m, r.Hosted.Total);
        Assert.Contains("Starter, then Business", r.Hosted.Description);
        // SIP trunks: the new PBX (6,000 + 900 + 2,880), IT 3,600, switching 500, Business 49 for up to 10 lines (1,764).
        Assert.Equal(15644m, r.Trunks!.Total);
    }

    [Fact]
    public void SwitchingCost_IsWonBackInTheMonthTheTotalsCross()
    {
        // On-premise: 2,000 × 12 % / 12 = 20 + bill 50 + IT 50 = 120 a month.
        // Hosted: Starter 19 + (1,500 − 1,000) × 0.02 = 10 + IT 12.50 = 41.50 a month, plus 1,000 to switch.
        // 1,000 + 41.5 m ≤ 120 m from m = 13 (1,539.50 ≤ 1,560; month 12: 1,498 > 1,440).
        var assumed = Assumed with { SwitchingCostPerSite = 1000 };
        var r = CostModel.Compute(Inputs(seats: 5, lines: 2, bill: 50, age: 2, price: 2000, maintenance: 12, itHours: 1), assumed, Plans);

        Assert.Equal(4320m, r.OnPremise.Total);
        Assert.Equal(2494m, r.Hosted.Total);
        Assert.Equal(13, r.HostedBreakEvenMonth);
        Assert.Equal(1539.5m, r.Hosted.Cumulative[12]);
        Assert.Equal(1560m, r.OnPremise.Cumulative[12]);
    }

    [Fact]
    public void PbxReachingItsLifetime_IsReplacedAndItsMaintenanceFollowsTheNewPrice()
    {
        // Age 7 of 8 years: replaced in month 13 for 3,000 + 10 × 100. Maintenance 75 a month for
        // 12 months on 6,000, then 50 on 4,000 for 24: 900 + 1,200.
        var r = CostModel.Compute(Inputs(age: 7), Assumed, Plans);

        Assert.Equal(13, r.PbxReplacementMonth);
        Assert.Equal(3000m, Line(r.OnPremise, "PBX hardware"));
        Assert.Equal(1000m, Line(r.OnPremise, "Licences"));
        Assert.Equal(2100m, Line(r.OnPremise, "Maintenance"));
        Assert.Equal(r.OnPremise.Cumulative[11] + 3000 + 1000 + 50 + 300 + 200, r.OnPremise.Cumulative[12]);
    }

    [Fact]
    public void HostedDearerEveryMonth_HasNoBreakEven()
    {
        // Nothing to pay on-premise (no bill, no maintenance, no IT time): hosted never catches up.
        var r = CostModel.Compute(Inputs(bill: 0, maintenance: 0, itHours: 0), Assumed, Plans);

        Assert.Equal(0m, r.OnPremise.Total);
        Assert.Null(r.HostedBreakEvenMonth);
    }

    [Fact]
    public void MoreSeatsThanTheBiggestPlan_TakesAsManyOfItAsNeeded()
    {
        // 250 seats: 3 × Enterprise (447 a month), 75,000 included minutes = 250 × 300: no extra calls.
        var r = CostModel.Compute(Inputs(seats: 250, lines: 60), Assumed, Plans);

        Assert.Equal(447m * 36, Line(r.Hosted, "Subscription"));
        Assert.Equal(0m, Line(r.Hosted, "Calls beyond included minutes"));
        Assert.Contains("3 × Enterprise", r.Hosted.Description);
        // 60 lines: 2 × Enterprise trunks (298 a month).
        Assert.Equal(298m * 36, Line(r.Trunks!, "Trunk subscription"));
    }

    [Fact]
    public void WithoutATrunkPlan_TheSipTrunkOptionIsLeftOut()
    {
        var r = CostModel.Compute(Inputs(), Assumed, [Plans[0]]);

        Assert.Null(r.Trunks);
        Assert.Equal(2, r.Options.Count());
    }

    private static decimal Line(OptionCost option, string name) => option.Lines.Single(l => l.Name == name).Total;
}
