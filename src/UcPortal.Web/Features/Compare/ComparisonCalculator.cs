namespace UcPortal.Web.Features.Compare;

/// <summary>The comparison with today's prices: the paid plans on offer and the rate table.</summary>
public sealed class ComparisonCalculator(PortalDbContext db, ComparisonRates rates, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> t)
{
    public Task<Dictionary<string, decimal>> RatesAsync(CancellationToken ct) => rates.CurrentAsync(ct);

    /// <summary>The paid plans new customers can buy, priced for the comparison, and their currency.</summary>
    public async Task<(List<PlanOffer> Plans, string Currency)> PlansAsync(CancellationToken ct)
    {
        var plans = await db.Plans.AsNoTracking()
            .Where(p => p.IsPublic && p.RetiredAtUtc == null && !p.IsTrial && p.MonthlyPriceCents > 0 && p.Extensions > 0)
            .OrderBy(p => p.SortOrder).ToListAsync(ct);
        return (plans.Select(p => new PlanOffer(p.Name, p.MonthlyPriceCents / 100m, p.Extensions, p.ConcurrentCalls, p.IncludedMinutes, p.SipTrunksAllowed)).ToList(),
            plans.FirstOrDefault()?.Currency ?? "USD");
    }

    /// <summary>The result for the form, or the messages by field; null result when no paid plan is on offer.</summary>
    public async Task<ComparisonOutcome> RunAsync(CompareForm form, CancellationToken ct)
    {
        var (inputs, assumptions, errors) = form.Read(t);
        if (inputs is null || assumptions is null)
        {
            return new ComparisonOutcome(null, null, null, "USD", errors);
        }
        var (plans, currency) = await PlansAsync(ct);
        if (plans.Count == 0)
        {
            return new ComparisonOutcome(null, null, null, currency, new() { [""] = t["No plan is on offer at the moment, so there is nothing to compare with. Please come back later."] });
        }
        return new ComparisonOutcome(inputs, assumptions, CostModel.Compute(inputs, ComparisonRates.ToAssumptions(assumptions), plans), currency, errors);
    }
}

public sealed record ComparisonOutcome(
    ComparisonInputs? Inputs, IReadOnlyDictionary<string, decimal>? Assumptions, ComparisonResult? Result, string Currency, Dictionary<string, string> Errors);
