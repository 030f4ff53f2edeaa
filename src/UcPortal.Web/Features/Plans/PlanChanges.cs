using System.Globalization;
using System.Text.RegularExpressions;

namespace UcPortal.Web.Features.Plans;

public sealed class PlanForm
{
    /// <summary>Only when creating: the code names the plan's Stripe product and prices (lookup keys), so it never changes.</summary>
    public string? Code { get; set; }
    public string? Name { get; set; }
    public string? Tagline { get; set; }
    public string? MonthlyPrice { get; set; }
    public string? ExtraNumberPrice { get; set; }
    public string? DailySpendCap { get; set; }
    public string? Extensions { get; set; }
    public string? ConcurrentCalls { get; set; }
    public string? IncludedMinutes { get; set; }
    public string? IncludedNumbers { get; set; }
    public string? SortOrder { get; set; }
    public bool InternationalCalling { get; set; }
    public bool SipTrunksAllowed { get; set; }
    public bool IsPublic { get; set; } = true;

    public static PlanForm From(Plan p) => new()
    {
        Code = p.Code, Name = p.Name, Tagline = p.Tagline,
        MonthlyPrice = Money(p.MonthlyPriceCents), ExtraNumberPrice = Money(p.ExtraNumberPriceCents), DailySpendCap = Money(p.DailySpendCapCents),
        Extensions = Int(p.Extensions), ConcurrentCalls = Int(p.ConcurrentCalls), IncludedMinutes = Int(p.IncludedMinutes),
        IncludedNumbers = Int(p.IncludedNumbers), SortOrder = Int(p.SortOrder),
        InternationalCalling = p.InternationalCalling, SipTrunksAllowed = p.SipTrunksAllowed, IsPublic = p.IsPublic,
    };

    private static string Money(int cents) => (cents / 100m).ToString("0.00", CultureInfo.InvariantCulture);
    private static string Int(int n) => n.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Admins create, edit and retire paid plans (/admin/plans), each audited; the page then syncs
/// the plans to the payment provider (<see cref="Billing.SyncPlans"/>). A price change makes a new
/// Stripe price at that sync; subscribers keep the price they pay until their plan changes. Retiring
/// takes a plan off every offer; tenants on it keep it. The trial plan is set up by configuration and
/// is not edited here.</summary>
public sealed partial class PlanChanges(PortalDbContext db, PortalUnitOfWork unitOfWork, StaffAudit audit)
{
    public async Task<FormResult<int>> CreateAsync(PlanForm form, CancellationToken ct)
    {
        var code = (form.Code ?? "").Trim().ToLowerInvariant();
        var errors = new Dictionary<string, string>();
        if (!CodePattern().IsMatch(code))
        {
            errors["Code"] = "Use 2 to 32 lower-case letters, digits and dashes, starting with a letter, e.g. team-plus.";
        }
        else if (await db.Plans.AnyAsync(p => p.Code == code, ct))
        {
            errors["Code"] = $"A plan with the code {code} already exists.";
        }
        var plan = new Plan { Code = code, Currency = await CurrencyAsync(ct) };
        Apply(plan, form, errors);
        if (errors.Count > 0)
        {
            return FormResult.Refused(errors).With(0);
        }
        db.Plans.Add(plan);
        audit.Record(AuditActions.PlanCreated, target: plan.Code, detail: Describe(plan));
        var committed = await unitOfWork.CommitFormAsync("Code", $"A plan with the code {code} already exists.", ct);
        return committed.With(plan.Id, $"Plan {plan.Name} created.");
    }

    public async Task<FormResult> UpdateAsync(int id, PlanForm form, CancellationToken ct)
    {
        var plan = await db.Plans.SingleOrDefaultAsync(p => p.Id == id, ct);
        if (plan is null)
        {
            return FormResult.Missing();
        }
        if (plan.IsTrial)
        {
            return FormResult.Refused("", "The trial plan is set by the trial's configuration, not edited here.");
        }
        var before = Describe(plan);
        var errors = new Dictionary<string, string>();
        Apply(plan, form, errors);
        if (errors.Count > 0)
        {
            return FormResult.Refused(errors);
        }
        var after = Describe(plan);
        if (after == before)
        {
            return FormResult.Ok("Nothing changed.");
        }
        audit.Record(AuditActions.PlanChanged, target: plan.Code, detail: $"{before} → {after}");
        await unitOfWork.CommitAsync(ct);
        return FormResult.Ok($"Plan {plan.Name} saved.");
    }

    public async Task<FormResult> RetireAsync(int id, CancellationToken ct)
    {
        var plan = await db.Plans.SingleOrDefaultAsync(p => p.Id == id, ct);
        if (plan is null)
        {
            return FormResult.Missing();
        }
        if (plan.IsTrial)
        {
            return FormResult.Refused("", "The trial plan cannot be retired.");
        }
        if (plan.RetiredAtUtc is not null)
        {
            return FormResult.Refused("", $"{plan.Name} is already retired.");
        }
        plan.RetiredAtUtc = unitOfWork.Now;
        var subscribers = await db.Tenants.CountAsync(t => t.PlanId == plan.Id, ct);
        audit.Record(AuditActions.PlanRetired, target: plan.Code, detail: $"Retired; {subscribers} tenant(s) on it keep it.");
        await unitOfWork.CommitAsync(ct);
        return FormResult.Ok($"{plan.Name} retired: no longer offered; the {subscribers} tenant(s) on it keep it.");
    }

    public const int MaxTrialCreditCents = 100_00;

    /// <summary>The trial's call credit for new trials (decision 021): an amount of money, or 0 for minutes
    /// (<c>Trial:CreditMinutes</c>). Trials already running keep the credit they were given.</summary>
    public async Task<FormResult> SetTrialCreditAsync(int id, string? amount, CancellationToken ct)
    {
        var plan = await db.Plans.SingleOrDefaultAsync(p => p.Id == id && p.IsTrial, ct);
        if (plan is null)
        {
            return FormResult.Missing();
        }
        var errors = new Dictionary<string, string>();
        var cents = Cents(amount, "TrialCredit", 0, errors);
        if (errors.Count == 0 && cents > MaxTrialCreditCents)
        {
            errors["TrialCredit"] = $"Give at most {MaxTrialCreditCents / 100m:0.00} {plan.Currency} of trial credit.";
        }
        if (errors.Count > 0)
        {
            return FormResult.Refused(errors);
        }
        if (cents == plan.TrialCreditCents)
        {
            return FormResult.Ok("Nothing changed.");
        }
        var before = TrialCreditText(plan.TrialCreditCents, plan.Currency);
        plan.TrialCreditCents = cents;
        var after = TrialCreditText(cents, plan.Currency);
        audit.Record(AuditActions.PlanChanged, target: plan.Code, detail: $"Trial credit: {before} → {after}");
        await unitOfWork.CommitAsync(ct);
        return FormResult.Ok($"New trials get {after}; trials already running keep theirs.");
    }

    private static string TrialCreditText(int cents, string currency) =>
        cents > 0 ? $"{cents / 100m:0.00} {currency} of call credit" : "minutes (Trial:CreditMinutes)";

    /// <summary>Plans share the currency of the catalogue (one Stripe account, one currency).</summary>
    private async Task<string> CurrencyAsync(CancellationToken ct) =>
        await db.Plans.Where(p => !p.IsTrial).Select(p => p.Currency).FirstOrDefaultAsync(ct) ?? "USD";

    private static void Apply(Plan plan, PlanForm form, Dictionary<string, string> errors)
    {
        var name = (form.Name ?? "").Trim();
        if (name.Length is 0 or > 60)
        {
            errors["Name"] = "Name the plan in 1 to 60 characters.";
        }
        var tagline = (form.Tagline ?? "").Trim();
        if (tagline.Length > 200)
        {
            errors["Tagline"] = "Keep the tagline under 200 characters.";
        }
        var monthly = Cents(form.MonthlyPrice, "MonthlyPrice", 1, errors);
        var extra = Cents(form.ExtraNumberPrice, "ExtraNumberPrice", 0, errors);
        var cap = Cents(form.DailySpendCap, "DailySpendCap", 0, errors);
        var extensions = Count(form.Extensions, "Extensions", 1, 10_000, errors);
        var calls = Count(form.ConcurrentCalls, "ConcurrentCalls", 1, 10_000, errors);
        var minutes = Count(form.IncludedMinutes, "IncludedMinutes", 0, 10_000_000, errors);
        var numbers = Count(form.IncludedNumbers, "IncludedNumbers", 0, 10_000, errors);
        var sort = Count(form.SortOrder, "SortOrder", 0, 1000, errors);
        if (errors.Count > 0)
        {
            return;
        }
        plan.Name = name;
        plan.Tagline = tagline;
        plan.MonthlyPriceCents = monthly;
        plan.ExtraNumberPriceCents = extra;
        plan.DailySpendCapCents = cap;
        plan.Extensions = extensions;
        plan.ConcurrentCalls = calls;
        plan.IncludedMinutes = minutes;
        plan.IncludedNumbers = numbers;
        plan.SortOrder = sort;
        plan.InternationalCalling = form.InternationalCalling;
        plan.SipTrunksAllowed = form.SipTrunksAllowed;
        plan.IsPublic = form.IsPublic;
    }

    private static int Cents(string? text, string field, int minCents, Dictionary<string, string> errors)
    {
        if (decimal.TryParse((text ?? "").Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)
            && decimal.Round(amount, 2) == amount && amount * 100 >= minCents && amount <= 100_000m)
        {
            return (int)(amount * 100);
        }
        errors[field] = minCents > 0
            ? "Enter an amount above 0 and up to 100000, with at most two decimals, e.g. 29.00."
            : "Enter an amount from 0 to 100000, with at most two decimals (0 for none).";
        return 0;
    }

    private static int Count(string? text, string field, int min, int max, Dictionary<string, string> errors)
    {
        if (int.TryParse((text ?? "").Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max)
        {
            return n;
        }
        errors[field] = $"Enter a whole number from {min} to {max:N0}.";
        return 0;
    }

    private static string Describe(Plan p) => string.Create(CultureInfo.InvariantCulture,
        $"{p.Name}: {p.MonthlyPriceCents / 100m:0.00} {p.Currency}/month, extra number {p.ExtraNumberPriceCents / 100m:0.00}, {p.Extensions} ext., {p.ConcurrentCalls} calls, {p.IncludedMinutes} min, {p.IncludedNumbers} numbers, cap {p.DailySpendCapCents / 100m:0.00}/day, international {(p.InternationalCalling ? "yes" : "no")}, trunks {(p.SipTrunksAllowed ? "yes" : "no")}, {(p.IsPublic ? "public" : "private")}");

    [GeneratedRegex("^[a-z][a-z0-9-]{1,31}$")]
    private static partial Regex CodePattern();
}
