using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using Microsoft.Extensions.Localization;
using UcPortal.Web.Features.Localisation;
using UcPortal.Web.Features.Numbers;

namespace UcPortal.Web.Features.Billing;

/// <summary>The tenant's service state in plain words, for the billing page.</summary>
public sealed record BillingStatus(string Label, string Detail, string Tone)
{
    public static BillingStatus Of(Tenant t, DateTime nowUtc, IStringLocalizer<SharedResource> text) => t.Status switch
    {
        TenantStatus.Trial => new(text["Free trial"],
            t.TrialExpiresAtUtc is { } ends ? text["Your trial ends on {0} ({1} days left). Upgrade to keep your numbers and settings.", Day(ends), t.TrialDaysLeft(nowUtc) ?? 0] : text["Upgrade to keep your numbers and settings."],
            "primary"),
        TenantStatus.Active when t.CancelAtPeriodEnd => new(text["Active, ending"],
            text["You cancelled: everything keeps working until {0}, then the plan ends. You can undo this before then.", Day(t.PaidThroughUtc)],
            "warning"),
        TenantStatus.Active => new(text["Active"], text["Your plan renews on {0}.", Day(t.PaidThroughUtc)], "success"),
        TenantStatus.PastDue => new(text["Payment overdue"],
            t.PastDueSinceUtc is { } since
                ? text["Your last payment failed on {0}. Calls keep working while we retry your card: please update your payment method.", Day(since)]
                : text["Your last payment failed. Calls keep working while we retry your card: please update your payment method."],
            "danger"),
        TenantStatus.Suspended => new(text["Suspended"], t.SuspensionReason switch
        {
            SuspensionReason.TrialExpired => text["Your trial has ended: calls are refused, your settings are kept. Upgrade to switch everything back on."],
            SuspensionReason.PaymentFailed => text["We could not collect your payment: calls are refused, your settings are kept. Pay the open invoice to switch everything back on."],
            SuspensionReason.Cancelled => text["Your subscription has ended: calls are refused, your settings are kept for now."],
            _ => text["Your account is suspended by our support team. Open a support ticket (Support, in the menu) to talk to us."],
        }, "danger"),
        _ => new(text["Closed"], text["This account was closed: its numbers were released."], "secondary"),
    };

    private static string Day(DateTime? utc) => utc is { } d ? PortalFormats.Day(d) : "—";
}

/// <summary>A plan the tenant can move to, priced for the numbers it holds, with what the move would cost for the rest of the period.</summary>
public sealed record PlanChoice(Plan Plan, int ExtraNumbers, long MonthlyCents, string Description);

public sealed class BillingPage
{
    public required Tenant Tenant { get; init; }
    public required Plan Plan { get; init; }
    public required BillingStatus Status { get; init; }
    public required DateTime NowUtc { get; init; }
    public bool IsTestMode { get; init; }
    /// <summary>The trial's credit left, of its kind: "$4.20" or "42 min".</summary>
    public string CreditLeft { get; init; } = "";
    public long MinutesUsedThisPeriod { get; init; }
    public List<BillingInvoice> Invoices { get; init; } = [];
    public List<PlanChoice> PlanChoices { get; init; } = [];
    public List<PhoneNumber> Numbers { get; init; } = [];
    public int ExtensionCount { get; init; }
    public List<TrialArea> PaidAreas { get; init; } = [];
    /// <summary>The number search with the tenant's hold (paid tenants only).</summary>
    public NumberSearchPanel? NumberSearch { get; init; }

    public bool IsTrial => Tenant.IsTrialOrExpiredTrial;

    /// <summary>A subscription the customer can change: plan, cancellation, numbers.</summary>
    public bool HasSubscription => Tenant.HasPaidSubscription;

    /// <summary>Numbers paid for: the plan's own plus the extra ones.</summary>
    public int NumberSlots => Plan.IncludedNumbers + Tenant.ExtraNumbers;

    public long MonthlyCents => ChangePlan.Monthly(Plan, Tenant.ExtraNumbers);
}

public sealed class UpgradeForm
{
    [Display(Name = "Plan")]
    public string PlanCode { get; set; } = "business";

    [Display(Name = "Extra numbers")]
    [Range(0, StartCheckout.MaxExtraNumbers, ErrorMessage = "Extra numbers must be between 0 and {2}.")]
    public int ExtraNumbers { get; set; }

    /// <summary>Made new on every GET of the page; the checkout's idempotency key.</summary>
    public string Nonce { get; set; } = "";
}

public sealed class UpgradePage
{
    public required Tenant Tenant { get; init; }
    public required List<Plan> Plans { get; init; }
    public required UpgradeForm Form { get; init; }
    public int NumbersHeld { get; init; }
    public bool CheckoutCancelled { get; init; }
    public bool IsTestMode { get; init; }

    /// <summary>Why this tenant can't upgrade here (already paid, released), or null.</summary>
    public string? CannotUpgrade => Tenant.Status switch
    {
        TenantStatus.Released or TenantStatus.Purged => "This account was closed and can no longer be upgraded. Open a support ticket (Support, in the menu) to talk to us.",
        TenantStatus.Active or TenantStatus.PastDue when Tenant.SubscriptionId is not null => "You already have a paid plan. Change it on the billing page.",
        _ => null,
    };
}

public enum CheckoutOutcome { Waiting, Activated, Declined }

public sealed class ReturnPage
{
    /// <summary>The page stops polling this long after the checkout was started: a payment that
    /// has not come through by then needs the customer, not a browser tab asking every second.</summary>
    public static readonly TimeSpan PollFor = TimeSpan.FromMinutes(30);

    public required BillingCheckout Checkout { get; init; }
    public required Tenant Tenant { get; init; }
    public required DateTime NowUtc { get; init; }

    public bool StillPolling => Outcome == CheckoutOutcome.Waiting && NowUtc - Checkout.CreatedAtUtc < PollFor;

    /// <summary>The provider's completion event marks the checkout completed in the same commit that
    /// makes the tenant paid, so a completed checkout is an activated plan.</summary>
    public CheckoutOutcome Outcome => Checkout.Status switch
    {
        CheckoutStatus.Declined => CheckoutOutcome.Declined,
        CheckoutStatus.Completed => CheckoutOutcome.Activated,
        _ => CheckoutOutcome.Waiting,
    };
}

/// <summary>Reads what the billing pages show. Every query starts from the caller's tenant id.</summary>
public sealed class BillingPages(PortalDbContext db, IPaymentProvider provider, NumberInventory inventory, NumberSearch search, NumberHolds holds, TimeProvider clock, IStringLocalizer<SharedResource> text)
{
    /// <summary>The number search of the billing page. Paid tenants search the paid pool of any country
    /// (numbers abroad are "virtual offices"); the price shown is what <see cref="AddNumbers"/> charges:
    /// nothing while the plan's numbers are not all used, else the plan's extra-number price (decision 032).</summary>
    public async Task<NumberSearchPanel> NumberSearchAsync(Tenant tenant, NumberQuery? query, string? error, string? info, CancellationToken ct)
    {
        var plan = tenant.Plan ?? await db.Plans.AsNoTracking().SingleAsync(p => p.Id == tenant.PlanId, ct);
        var holder = NumberHolders.Tenant(tenant.Id);
        query ??= new NumberQuery { Country = tenant.Country };
        var searched = query.Country is null && query.AreaCode is null && query.Digits is null
            ? new NumberSearchResult()
            : await search.SearchAsync(query, SearchAudience.Tenant, holder, tenant.Country, tenant.HasPaidSubscription, ct);
        var held = await db.PhoneNumbers.CountAsync(n => n.TenantId == tenant.Id, ct);
        var included = plan.IncludedNumbers + tenant.ExtraNumbers - held > 0;
        var price = included ? text["Included in your plan"] : text["{0}/month", Money.Format(plan.ExtraNumberPriceCents, plan.Currency)];
        return new NumberSearchPanel
        {
            Id = "billing",
            Query = query,
            Result = searched,
            Countries = await search.CountriesAsync(SearchAudience.Tenant, ct),
            SearchUrl = "/billing/numbers/search",
            HoldUrl = "/billing/numbers/hold",
            BuyUrl = "/billing/numbers/buy",
            Hold = await holds.CurrentAsync(holder, ct),
            HoldMinutes = (int)holds.Length.TotalMinutes,
            NowUtc = clock.GetUtcNow().UtcDateTime,
            Price = _ => price,
            HoldNote = text["Nobody else can take it meanwhile. Buy it before the time is up, or it goes back to the others."],
            Error = error,
            Info = info,
        };
    }

    public const int InvoicesShown = 24;

    public static string NewNonce() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public async Task<BillingPage> BillingAsync(Guid tenantId, CancellationToken ct)
    {
        var tenant = await db.Tenants.AsNoTracking().Include(t => t.Plan).SingleAsync(t => t.Id == tenantId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        // Minutes of the current period, counted as the usage page counts them (calls to and from the phone network).
        var periodStart = tenant.CurrentPeriodStartUtc ?? tenant.CreatedAtUtc;
        var billedSeconds = await db.CallRecords.Where(c => c.TenantId == tenantId && c.StartedAtUtc >= periodStart).SumAsync(c => (long)c.BilledSeconds, ct);
        var numbers = await db.PhoneNumbers.AsNoTracking().Where(n => n.TenantId == tenantId).OrderBy(n => n.E164).ToListAsync(ct);
        return new BillingPage
        {
            Tenant = tenant,
            Plan = tenant.Plan!,
            Status = BillingStatus.Of(tenant, now, text),
            NowUtc = now,
            IsTestMode = provider.IsTestMode,
            CreditLeft = Trials.TrialCredit.Left(tenant, tenant.Plan!.Currency),
            MinutesUsedThisPeriod = billedSeconds / 60,
            Invoices = await db.BillingInvoices.AsNoTracking().Where(i => i.TenantId == tenantId)
                .OrderByDescending(i => i.CreatedAtUtc).ThenByDescending(i => i.Id).Take(InvoicesShown).ToListAsync(ct),
            PlanChoices = (await PaidPlansAsync(ct)).Select(p => ChoiceOf(tenant, p, numbers.Count, now, text)).ToList(),
            Numbers = numbers,
            ExtensionCount = await db.Extensions.CountAsync(e => e.TenantId == tenantId, ct),
            PaidAreas = await inventory.GetPaidAreasAsync(tenant.Country, ct),
            NumberSearch = tenant.HasPaidSubscription && tenant.Status == TenantStatus.Active ? await NumberSearchAsync(tenant, null, null, null, ct) : null,
        };
    }

    public async Task<UpgradePage> UpgradeAsync(Guid tenantId, UpgradeForm? form, bool checkoutCancelled, CancellationToken ct)
    {
        var tenant = await db.Tenants.AsNoTracking().SingleAsync(t => t.Id == tenantId, ct);
        form ??= new UpgradeForm();
        if (form.Nonce.Length == 0)
        {
            form.Nonce = NewNonce();
        }
        return new UpgradePage
        {
            Tenant = tenant,
            Plans = await PaidPlansAsync(ct),
            Form = form,
            NumbersHeld = await db.PhoneNumbers.CountAsync(n => n.TenantId == tenantId, ct),
            CheckoutCancelled = checkoutCancelled,
            IsTestMode = provider.IsTestMode,
        };
    }

    /// <summary>The return page of one of the tenant's own checkouts; null for any other id.</summary>
    public async Task<ReturnPage?> ReturnAsync(Guid tenantId, Guid checkoutId, CancellationToken ct)
    {
        var checkout = await db.BillingCheckouts.AsNoTracking().Include(c => c.Plan).SingleOrDefaultAsync(c => c.Id == checkoutId && c.TenantId == tenantId, ct);
        if (checkout is null)
        {
            return null;
        }
        var tenant = await db.Tenants.AsNoTracking().SingleAsync(t => t.Id == tenantId, ct);
        return new ReturnPage { Checkout = checkout, Tenant = tenant, NowUtc = clock.GetUtcNow().UtcDateTime };
    }

    /// <summary>The move from the tenant's plan to <paramref name="to"/>: extra numbers follow the new plan, the provider prorates.</summary>
    private static PlanChoice ChoiceOf(Tenant tenant, Plan to, int numbersHeld, DateTime nowUtc, IStringLocalizer<SharedResource> text)
    {
        var extra = ChangePlan.ExtraNumbersFor(to, numbersHeld);
        if (to.Id == tenant.PlanId)
        {
            return new PlanChoice(to, extra, ChangePlan.Monthly(to, extra), text["Your plan now."]);
        }
        var estimate = ChangePlan.EstimateProrationCents(tenant.Plan!, tenant.ExtraNumbers, to, extra, tenant.CurrentPeriodStartUtc, tenant.PaidThroughUtc, nowUtc);
        return new PlanChoice(to, extra, ChangePlan.Monthly(to, extra),
            (extra switch
            {
                0 => text["{0} extensions, {1} calls at once.", to.Extensions, to.ConcurrentCalls],
                1 => text["{0} extensions, {1} calls at once, 1 extra number.", to.Extensions, to.ConcurrentCalls],
                _ => text["{0} extensions, {1} calls at once, {2} extra numbers.", to.Extensions, to.ConcurrentCalls, extra],
            }) + (PortalCultures.IsChinese ? "" : " ") + ChangePlan.ProrationNote(estimate, to.Currency, text));
    }

    private Task<List<Plan>> PaidPlansAsync(CancellationToken ct) =>
        db.Plans.AsNoTracking().Where(p => !p.IsTrial && p.IsPublic && p.RetiredAtUtc == null).OrderBy(p => p.SortOrder).ToListAsync(ct);
}
