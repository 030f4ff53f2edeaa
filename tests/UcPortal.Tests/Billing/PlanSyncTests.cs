using System.Net;
using Microsoft.EntityFrameworkCore;
using UcPortal.Data.Entities;
using UcPortal.Tests.Infrastructure;

namespace UcPortal.Tests.Billing;

/// <summary>Staff copy the paid plans to Stripe from /admin/plans. Products and prices are found
/// again by id and lookup key, so running the sync again creates nothing, and a changed price
/// creates only the new price.</summary>
public abstract class PlanSyncTests<TFixture, TPortal>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : StripePortal<TPortal>
    where TPortal : PortalFactory, new()
{
    private readonly TPortal _portal = fixture.Portal;
    private readonly FakeStripeServer _stripe = fixture.StripeApi;

    [Fact]
    public async Task SyncingPlans_CreatesProductsAndPricesOnTheFirstRun_NothingOnTheSecond_AndOnlyTheNewPriceAfterAPriceChange()
    {
        using var browser = _portal.CreateBrowser();
        var admin = await Staff.CreateAsync(_portal, StaffRoles.Admin);
        await browser.LogInAsync(admin, Staff.Password);
        var before = await browser.GetPageAsync("/admin/plans");

        var first = await SyncAsync(browser);
        var productPosts = _stripe.RequestsTo("POST", "/v1/products");
        var pricePosts = _stripe.RequestsTo("POST", "/v1/prices");
        var afterFirst = await PaidPlansAsync();

        var second = await SyncAsync(browser);
        var postsAfterSecond = (_stripe.RequestsTo("POST", "/v1/products").Count, _stripe.RequestsTo("POST", "/v1/prices").Count);
        var afterSecond = await PaidPlansAsync();

        await _portal.WithDbAsync(db => db.Plans.Where(p => p.Code == "business").ExecuteUpdateAsync(s => s.SetProperty(p => p.MonthlyPriceCents, 5900)));
        var third = await SyncAsync(browser);
        var audited = await _portal.WithDbAsync(db => db.AuditEntries.AsNoTracking()
            .Where(e => e.Actor == admin && e.Action == UcPortal.Web.Features.Shared.AuditActions.PlansSync).OrderBy(e => e.Id).Select(e => e.Detail).ToListAsync());
        Assert.Equal(3, audited.Count);
        Assert.Contains("nothing created", audited[1]);
        var afterThird = await PaidPlansAsync();

        Assert.Contains("Sync plans to Stripe", before);
        Assert.Contains("3 paid plans synced to Stripe: 6 products and 6 prices created", first);
        // starter, business, enterprise: a product and a monthly price each, plus an extra-number product and price.
        Assert.Equal(6, productPosts.Count);
        Assert.Equal(6, pricePosts.Count);
        Assert.All(pricePosts, r => Assert.NotNull(r.IdempotencyKey));
        var starter = afterFirst.Single(p => p.Code == "starter");
        var starterPrice = _stripe.Prices.Single(p => (string?)p["id"] == starter.StripePriceId);
        Assert.Equal("ucportal-starter-monthly-usd-1900", (string?)starterPrice["lookup_key"]);
        Assert.Equal((1900L, "month"), ((long)starterPrice["unit_amount"]!, (string?)starterPrice["recurring"]!["interval"]));
        Assert.Equal(("starter", "plan"), ((string?)starterPrice["metadata"]!["plan_code"], (string?)starterPrice["metadata"]!["price_kind"]));
        var starterExtra = _stripe.Prices.Single(p => (string?)p["id"] == starter.StripeExtraNumberPriceId);
        Assert.Equal(("ucportal-starter-extra-number-usd-300", 300L, "extra_number"),
            ((string?)starterExtra["lookup_key"], (long)starterExtra["unit_amount"]!, (string?)starterExtra["metadata"]!["price_kind"]));
        Assert.Equal("ucportal-plan-starter", starter.StripeProductId);
        Assert.All(afterFirst, p => Assert.NotNull(p.StripeSyncedAtUtc));
        Assert.Contains(starter.StripePriceId!, first);

        Assert.Contains("All 3 paid plans were already in Stripe: nothing created.", second);
        Assert.Equal((6, 6), postsAfterSecond);
        Assert.Equal(afterFirst.Select(Ids), afterSecond.Select(Ids));

        Assert.Contains("0 products and 1 price created, 2 plans already complete", third);
        Assert.Equal(7, _stripe.RequestsTo("POST", "/v1/prices").Count);
        Assert.Equal(6, _stripe.RequestsTo("POST", "/v1/products").Count);
        var business = afterThird.Single(p => p.Code == "business");
        Assert.NotEqual(afterFirst.Single(p => p.Code == "business").StripePriceId, business.StripePriceId);
        Assert.Equal("ucportal-business-monthly-usd-5900", (string?)_stripe.Prices.Single(p => (string?)p["id"] == business.StripePriceId)["lookup_key"]);
        Assert.Equal(afterFirst.Where(p => p.Code != "business").Select(Ids), afterThird.Where(p => p.Code != "business").Select(Ids));
    }

    private static async Task<string> SyncAsync(PortalBrowser browser)
    {
        var response = await browser.PostWithTokenAsync("/admin/plans", "/admin/plans/sync");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private Task<List<Plan>> PaidPlansAsync() =>
        _portal.WithDbAsync(db => db.Plans.AsNoTracking().Where(p => !p.IsTrial).OrderBy(p => p.Code).ToListAsync());

    private static (string?, string?, string?) Ids(Plan p) => (p.StripeProductId, p.StripePriceId, p.StripeExtraNumberPriceId);
}

public sealed class PlanSyncTestsOnSqlite(SqliteStripePortal fixture) : PlanSyncTests<SqliteStripePortal, SqlitePortal>(fixture);

public sealed class PlanSyncTestsOnPostgres(PostgresStripePortal fixture) : PlanSyncTests<PostgresStripePortal, PostgresPortal>(fixture);
