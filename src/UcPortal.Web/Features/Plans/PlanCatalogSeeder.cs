namespace UcPortal.Web.Features.Plans;

/// <summary>Adds the standard plans when missing (by code). Existing rows are never overwritten:
/// staff may have changed prices.</summary>
public sealed class PlanCatalogSeeder(PortalDbContext db)
{
    public const string TrialCode = "trial";

    internal static readonly Plan[] StandardPlans =
    [
        new() { Code = TrialCode, Name = "Free trial", Tagline = "Try the real service for 14 days. No card needed.", IsTrial = true, SortOrder = 0,
                MonthlyPriceCents = 0, Extensions = 3, ConcurrentCalls = 2, IncludedMinutes = 60, IncludedNumbers = 1, ExtraNumberPriceCents = 0, InternationalCalling = false, ExtensionNumberMin = 100, ExtensionNumberMax = 199, SipTrunksAllowed = false, DailySpendCapCents = 0 },
        new() { Code = "starter", Name = "Starter", Tagline = "For small offices and shops.", SortOrder = 1,
                MonthlyPriceCents = 1900, Extensions = 5, ConcurrentCalls = 4, IncludedMinutes = 1000, IncludedNumbers = 1, ExtraNumberPriceCents = 300, InternationalCalling = false, ExtensionNumberMin = 100, ExtensionNumberMax = 199, SipTrunksAllowed = false, DailySpendCapCents = 2000 },
        new() { Code = "business", Name = "Business", Tagline = "Ring groups, business hours, auto attendants and SIP trunks for growing teams.", SortOrder = 2,
                MonthlyPriceCents = 4900, Extensions = 20, ConcurrentCalls = 10, IncludedMinutes = 5000, IncludedNumbers = 3, ExtraNumberPriceCents = 250, InternationalCalling = true, ExtensionNumberMin = 100, ExtensionNumberMax = 499, SipTrunksAllowed = true, DailySpendCapCents = 10000 },
        new() { Code = "enterprise", Name = "Enterprise", Tagline = "Many sites, SIP trunks and priority support.", SortOrder = 3,
                MonthlyPriceCents = 14900, Extensions = 100, ConcurrentCalls = 40, IncludedMinutes = 25000, IncludedNumbers = 10, ExtraNumberPriceCents = 200, InternationalCalling = true, ExtensionNumberMin = 100, ExtensionNumberMax = 9999, SipTrunksAllowed = true, DailySpendCapCents = 50000 },
    ];

    public async Task SeedAsync(CancellationToken ct = default)
    {
        var existing = await db.Plans.Select(p => p.Code).ToListAsync(ct);
        var missing = StandardPlans.Where(p => !existing.Contains(p.Code)).ToList();
        if (missing.Count == 0)
        {
            return;
        }
        foreach (var plan in missing)
        {
            db.Plans.Add(new Plan
            {
                Code = plan.Code, Name = plan.Name, Tagline = plan.Tagline, IsTrial = plan.IsTrial, SortOrder = plan.SortOrder,
                MonthlyPriceCents = plan.MonthlyPriceCents, Extensions = plan.Extensions, ConcurrentCalls = plan.ConcurrentCalls,
                IncludedMinutes = plan.IncludedMinutes, IncludedNumbers = plan.IncludedNumbers,
                ExtraNumberPriceCents = plan.ExtraNumberPriceCents, InternationalCalling = plan.InternationalCalling,
                ExtensionNumberMin = plan.ExtensionNumberMin, ExtensionNumberMax = plan.ExtensionNumberMax, SipTrunksAllowed = plan.SipTrunksAllowed,
                DailySpendCapCents = plan.DailySpendCapCents, TrialCreditCents = plan.TrialCreditCents,
            });
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another portal node seeded the same plans at the same moment: theirs stand.
            db.ChangeTracker.Clear();
        }
    }
}
