using System.Net;
using Microsoft.EntityFrameworkCore;
using UcPortal.Data.Entities;
using UcPortal.Tests.Infrastructure;
using UcPortal.Web.Features.Shared;

namespace UcPortal.Tests.Billing;

/// <summary>Admins create, edit and retire plans on /admin/plans; each saved change is synced to
/// Stripe at once (the fake Stripe server, the real Stripe.net client) and audited.</summary>
public abstract class PlanCatalogueStripeTests<TFixture, TPortal>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : StripePortal<TPortal>
    where TPortal : PortalFactory, new()
{
    private readonly TPortal _portal = fixture.Portal;
    private readonly FakeStripeServer _stripe = fixture.StripeApi;

    [Fact]
    public async Task AnAdmin_CreatesAPlan_ItIsSyncedToStripe_AndAPriceChangeMakesANewStripePrice()
    {
        var (admin, email) = await AdminAsync(_portal);
        using var _ = admin;

        var created = await admin.SubmitAsync("/admin/plans?create=true", "/admin/plans", PlanFields("team-plus", "Team Plus", "45.00"));

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var page = WebUtility.HtmlDecode(await created.Content.ReadAsStringAsync());
        Assert.Contains("Plan Team Plus created.", page);
        Assert.Contains("paid plans synced to Stripe", page);
        var plan = await _portal.WithDbAsync(db => db.Plans.AsNoTracking().SingleAsync(p => p.Code == "team-plus"));
        Assert.Equal((4500, 25, 4, 500, 2, true), (plan.MonthlyPriceCents, plan.Extensions, plan.ConcurrentCalls, plan.IncludedMinutes, plan.IncludedNumbers, plan.InternationalCalling));
        Assert.Equal("ucportal-plan-team-plus", plan.StripeProductId);
        var price = _stripe.Prices.Single(p => (string?)p["id"] == plan.StripePriceId);
        Assert.Equal(("ucportal-team-plus-monthly-usd-4500", 4500L), ((string?)price["lookup_key"], (long)price["unit_amount"]!));
        Assert.Equal(1, await _portal.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == AuditActions.PlanCreated && a.Target == "team-plus" && a.Actor == email)));
        Assert.Contains("data-plan=\"team-plus\"", await _portal.CreateBrowser().GetPageAsync("/pricing"));

        var edited = await admin.SubmitAsync($"/admin/plans?edit={plan.Id}", $"/admin/plans/{plan.Id}", PlanFields(null, "Team Plus", "49.00"));

        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var after = await _portal.WithDbAsync(db => db.Plans.AsNoTracking().SingleAsync(p => p.Code == "team-plus"));
        Assert.Equal(4900, after.MonthlyPriceCents);
        Assert.NotEqual(plan.StripePriceId, after.StripePriceId);
        Assert.Equal("ucportal-team-plus-monthly-usd-4900", (string?)_stripe.Prices.Single(p => (string?)p["id"] == after.StripePriceId)["lookup_key"]);
        // The old price still exists for whoever pays it.
        Assert.Contains(_stripe.Prices, p => (string?)p["id"] == plan.StripePriceId);
        var audit = await _portal.WithDbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(a => a.Action == AuditActions.PlanChanged && a.Target == "team-plus"));
        Assert.Contains("45.00 USD/month", audit.Detail);
        Assert.Contains("→ Team Plus: 49.00 USD/month", audit.Detail);
    }

    [Fact]
    public async Task ARetiredPlan_StaysSynced_ButLeavesThePricingPage()
    {
        var (admin, _) = await AdminAsync(_portal);
        using var __ = admin;
        await admin.SubmitAsync("/admin/plans?create=true", "/admin/plans", PlanFields("legacy-pro", "Legacy Pro", "39.00"));
        var plan = await _portal.WithDbAsync(db => db.Plans.AsNoTracking().SingleAsync(p => p.Code == "legacy-pro"));

        var retired = await admin.SubmitAsync("/admin/plans", $"/admin/plans/{plan.Id}/retire", []);
        var synced = await admin.PostWithTokenAsync("/admin/plans", "/admin/plans/sync");

        Assert.Contains("Legacy Pro retired", WebUtility.HtmlDecode(await retired.Content.ReadAsStringAsync()));
        Assert.NotNull(await _portal.WithDbAsync(db => db.Plans.Where(p => p.Id == plan.Id).Select(p => p.RetiredAtUtc).SingleAsync()));
        Assert.Contains("already in Stripe", await synced.Content.ReadAsStringAsync());
        Assert.NotEqual(false, (bool?)_stripe.Prices.Single(p => (string?)p["id"] == plan.StripePriceId)["active"]);
        Assert.DoesNotContain("data-plan=\"legacy-pro\"", await _portal.CreateBrowser().GetPageAsync("/pricing"));
        Assert.Equal(1, await _portal.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == AuditActions.PlanRetired && a.Target == "legacy-pro")));
    }

    internal static List<KeyValuePair<string, string>> PlanFields(string? code, string name, string monthly)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("Form.Name", name), new("Form.Tagline", "For growing teams"), new("Form.MonthlyPrice", monthly), new("Form.ExtraNumberPrice", "3.00"),
            new("Form.DailySpendCap", "20.00"), new("Form.Extensions", "25"), new("Form.ConcurrentCalls", "4"), new("Form.IncludedMinutes", "500"),
            new("Form.IncludedNumbers", "2"), new("Form.SortOrder", "5"), new("Form.InternationalCalling", "true"), new("Form.IsPublic", "true"),
        };
        if (code is not null)
        {
            fields.Add(new("Form.Code", code));
        }
        return fields;
    }

    internal static async Task<(PortalBrowser, string)> AdminAsync(PortalFactory portal)
    {
        var email = await Staff.CreateAsync(portal, StaffRoles.Admin);
        var browser = portal.CreateBrowser();
        await browser.LogInAsync(email, Staff.Password);
        return (browser, email);
    }
}

public sealed class PlanCatalogueStripeTestsOnSqlite(SqliteStripePortal fixture) : PlanCatalogueStripeTests<SqliteStripePortal, SqlitePortal>(fixture);

public sealed class PlanCatalogueStripeTestsOnPostgres(PostgresStripePortal fixture) : PlanCatalogueStripeTests<PostgresStripePortal, PostgresPortal>(fixture);

/// <summary>The same catalogue with the built-in test-mode payments: a new plan is sold at once (nothing
/// to sync), a retired one is offered to nobody new, and the tenant already on it keeps it.</summary>
public abstract class PlanCatalogueTests<TPortal>(TPortal portal) : IClassFixture<TPortal> where TPortal : PortalFactory
{
    [Fact]
    public async Task ARetiredPlan_IsOfferedToNobodyNew_AndItsSubscriberKeepsIt()
    {
        var (admin, _) = await PlanCatalogueStripeTests<SqliteStripePortal, SqlitePortal>.AdminAsync(portal);
        using var __ = admin;
        var code = "small-" + Guid.NewGuid().ToString("N")[..6];
        var created = await admin.SubmitAsync("/admin/plans?create=true", "/admin/plans", PlanCatalogueStripeTests<SqliteStripePortal, SqlitePortal>.PlanFields(code, "Small Office", "15.00"));
        Assert.Contains("Nothing to sync in test mode", await created.Content.ReadAsStringAsync());
        using var subscriber = await TenantOwner.CreateAsync(portal);
        Assert.Contains($"data-plan=\"{code}\"", await subscriber.Browser.GetPageAsync("/billing/upgrade"));
        await TestModeBilling.UpgradeAsync(subscriber.Browser, code);
        var plan = await portal.WithDbAsync(db => db.Plans.AsNoTracking().SingleAsync(p => p.Code == code));
        Assert.Equal(plan.Id, (await TestModeBilling.TenantAsync(portal, subscriber.TenantId)).PlanId);

        var retired = await admin.SubmitAsync("/admin/plans", $"/admin/plans/{plan.Id}/retire", []);

        Assert.Contains("Small Office retired: no longer offered; the 1 tenant(s) on it keep it.", WebUtility.HtmlDecode(await retired.Content.ReadAsStringAsync()));
        var tenant = await TestModeBilling.TenantAsync(portal, subscriber.TenantId);
        Assert.Equal((plan.Id, TenantStatus.Active), (tenant.PlanId, tenant.Status));
        Assert.Contains("Small Office", await subscriber.Browser.GetPageAsync("/billing"));
        using var newcomer = await TenantOwner.CreateAsync(portal);
        Assert.DoesNotContain($"data-plan=\"{code}\"", await newcomer.Browser.GetPageAsync("/billing/upgrade"));
        var refused = await TestModeBilling.PostUpgradeAsync(newcomer.Browser, await TestModeBilling.OpenUpgradeFormAsync(newcomer.Browser), code);
        Assert.NotEqual(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.DoesNotContain($"data-plan=\"{code}\"", await portal.CreateBrowser().GetPageAsync("/pricing"));
        // Retiring twice is refused with a reason.
        var again = await admin.SubmitAsync("/admin/plans", $"/admin/plans/{plan.Id}/retire", []);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
    }

    public static TheoryData<string, string, string, string> BadPlans => new()
    {
        { "team plus", "Team Plus", "29.00", "lower-case letters" },
        { "business", "Team Plus", "29.00", "already exists" },
        { "ok-code", "", "29.00", "Name the plan" },
        { "ok-code", "Team Plus", "0", "above 0" },
        { "ok-code", "Team Plus", "29.999", "at most two decimals" },
    };

    [Theory]
    [MemberData(nameof(BadPlans))]
    public async Task ABadPlan_ShowsAMessageNextToItsField_AndWritesNothing(string code, string name, string monthly, string message)
    {
        var (admin, _) = await PlanCatalogueStripeTests<SqliteStripePortal, SqlitePortal>.AdminAsync(portal);
        using var __ = admin;
        var before = await portal.WithDbAsync(db => db.Plans.CountAsync());

        var response = await admin.SubmitAsync("/admin/plans?create=true", "/admin/plans", PlanCatalogueStripeTests<SqliteStripePortal, SqlitePortal>.PlanFields(code, name, monthly));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(message, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        Assert.Equal(before, await portal.WithDbAsync(db => db.Plans.CountAsync()));
    }

    [Fact]
    public async Task AnAdmin_GivesNewTrialsMoneyCredit_TheHomePageOffersIt_AndABadAmountChangesNothing()
    {
        var (admin, _) = await PlanCatalogueStripeTests<SqliteStripePortal, SqlitePortal>.AdminAsync(portal);
        using var __ = admin;
        var trial = await portal.WithDbAsync(db => db.Plans.AsNoTracking().SingleAsync(p => p.IsTrial));
        var audits = await portal.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == AuditActions.PlanChanged && a.Target == trial.Code));
        try
        {
            foreach (var bad in new[] { "abc", "-1", "100.01", "2.505" })
            {
                var refused = await admin.SubmitAsync("/admin/plans", $"/admin/plans/{trial.Id}/trial-credit", [new("trialCredit", bad)]);
                Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
                Assert.Contains("alert-danger", await refused.Content.ReadAsStringAsync());
            }
            Assert.Equal(trial.TrialCreditCents, await portal.WithDbAsync(db => db.Plans.Where(p => p.Id == trial.Id).Select(p => p.TrialCreditCents).SingleAsync()));

            var saved = await admin.SubmitAsync("/admin/plans", $"/admin/plans/{trial.Id}/trial-credit", [new("trialCredit", "5.00")]);

            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
            Assert.Contains("New trials get 5.00 USD of call credit", WebUtility.HtmlDecode(await saved.Content.ReadAsStringAsync()));
            Assert.Equal(500, await portal.WithDbAsync(db => db.Plans.Where(p => p.Id == trial.Id).Select(p => p.TrialCreditCents).SingleAsync()));
            Assert.Contains("$5.00 of call credit", WebUtility.HtmlDecode(await portal.CreateBrowser().GetPageAsync("/")));
            Assert.Equal(audits + 1, await portal.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == AuditActions.PlanChanged && a.Target == trial.Code)));
        }
        finally
        {
            await admin.SubmitAsync("/admin/plans", $"/admin/plans/{trial.Id}/trial-credit", [new("trialCredit", "0")]);
        }
        Assert.Contains("minutes of calls", WebUtility.HtmlDecode(await portal.CreateBrowser().GetPageAsync("/")));
    }

    [Fact]
    public async Task Support_CannotChangePlans()
    {
        var email = await Staff.CreateAsync(portal, StaffRoles.Support);
        using var support = portal.CreateBrowser();
        await support.LogInAsync(email, Staff.Password);

        var response = await support.GetAsync("/admin/plans?create=true");

        Assert.Contains("/account/access-denied", response.Headers.Location!.ToString());
    }
}

public sealed class PlanCatalogueTestsOnSqlite(SqlitePortal portal) : PlanCatalogueTests<SqlitePortal>(portal);

public sealed class PlanCatalogueTestsOnPostgres(PostgresPortal portal) : PlanCatalogueTests<PostgresPortal>(portal);
