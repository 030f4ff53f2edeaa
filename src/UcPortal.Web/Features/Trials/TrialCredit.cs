using Microsoft.Extensions.Options;
using UcPortal.Web.Features.Billing;
using UcPortal.Web.Features.Plans;

namespace UcPortal.Web.Features.Trials;

/// <summary>A trial's call credit as customers read it, of either kind (decision 021): money
/// ("$4.20 of call credit left") when its plan gives cents, else minutes ("42 of 60 minutes left").</summary>
public static class TrialCredit
{
    /// <summary>What is left, short: "$4.20" or "42 min".</summary>
    public static string Left(Tenant t, string currency, Microsoft.Extensions.Localization.IStringLocalizer? text = null) =>
        t.HasMoneyCredit ? Money2(t.CreditCentsLeft, currency) : Localisation.PortalText.Say(text, "{0} min", t.CreditMinutesLeft);

    /// <summary>What is left of what was given: "$4.20 of $5.00 of call credit left" or "42 of 60 minutes left".</summary>
    /// <param name="text">The customer's language (pages); null: English (staff pages, event log).</param>
    public static string LeftOfTotal(Tenant t, string currency, Microsoft.Extensions.Localization.IStringLocalizer? text = null) =>
        t.HasMoneyCredit
            ? Localisation.PortalText.Say(text, "{0} of {1} of call credit left", Money2(t.CreditCentsLeft, currency), Money2(t.TrialCreditCents, currency))
            : Localisation.PortalText.Say(text, "{0} of {1} minutes left", t.CreditMinutesLeft, t.TrialCreditSeconds / 60);

    /// <summary>Share of the credit left, 0–100.</summary>
    public static int PercentLeft(Tenant t) =>
        t.HasMoneyCredit
            ? (int)Math.Round(100.0 * t.CreditMicrosLeft / (t.TrialCreditCents * 10_000.0))
            : t.TrialCreditSeconds == 0 ? 0 : (int)Math.Round(100.0 * t.CreditSecondsLeft / t.TrialCreditSeconds);

    /// <summary>What a trial of this plan gives: "$5.00 of call credit" or "60 minutes of calls", in the current language.</summary>
    public static string Offer(Plan trialPlan, int creditMinutes, Microsoft.Extensions.Localization.IStringLocalizer t) =>
        trialPlan.TrialCreditCents > 0 ? t["{0} of call credit", Money2(trialPlan.TrialCreditCents, trialPlan.Currency)] : t["{0} minutes of calls", creditMinutes];

    /// <summary>Money with cents always shown ("$5.00", "$0.42"): a balance, not a price.</summary>
    public static string Money2(long cents, string currency)
    {
        var whole = Money.Format(cents - cents % 100, currency);
        return cents % 100 == 0 ? whole + ".00" : Money.Format(cents, currency);
    }
}

/// <summary>The trial's credit as the pages that sell it say it (home, pricing, signup): read from the trial plan.</summary>
public sealed class TrialCreditOffer(PortalDbContext db, IOptions<TrialOptions> options, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> t)
{
    private string? _text;

    public async Task<string> TextAsync(CancellationToken ct = default)
    {
        if (_text is null)
        {
            var plan = await db.Plans.AsNoTracking().FirstOrDefaultAsync(p => p.Code == PlanCatalogSeeder.TrialCode, ct);
            _text = plan is null ? t["{0} minutes of calls", options.Value.CreditMinutes] : TrialCredit.Offer(plan, options.Value.CreditMinutes, t);
        }
        return _text;
    }
}
