using Microsoft.Extensions.DependencyInjection;
using UcPortal.Tests.Infrastructure;
using UcPortal.Web.Features.Billing;

namespace UcPortal.Tests.Billing;

/// <summary>What the billing page and the lifecycle jobs ask Stripe after the upgrade: change the plan
/// or the extra numbers (with proration), cancel, the customer portal and the invoice list, all read
/// back through the real Stripe.net client.</summary>
public sealed class StripeSubscriptionTests(SqliteSyncedStripePortal fixture) : IClassFixture<SqliteSyncedStripePortal>
{
    private readonly FakeStripeServer _stripe = fixture.StripeApi;

    [Fact]
    public async Task ChangingThePlanAndTheExtraNumbers_UpdatesTheSubscriptionItemsWithProration()
    {
        using var owner = await TenantOwner.CreateAsync(fixture.Portal);
        var session = await fixture.UpgradeAndPayAsync(owner, "starter", extraNumbers: 1);
        var subscriptionId = (string)session["subscription"]!;
        var business = await fixture.PlanAsync("business");

        var upgraded = await WithProviderAsync(p => p.ChangeSubscriptionAsync(subscriptionId, business, 3, CancellationToken.None));
        var upgradeRequest = _stripe.RequestsTo("POST", $"/v1/subscriptions/{subscriptionId}").Last();
        var fewer = await WithProviderAsync(p => p.ChangeSubscriptionAsync(subscriptionId, business, 0, CancellationToken.None));
        var fewerRequest = _stripe.RequestsTo("POST", $"/v1/subscriptions/{subscriptionId}").Last();
        var reread = await WithProviderAsync(p => p.GetSubscriptionAsync(subscriptionId, CancellationToken.None));

        Assert.Equal(("business", 3, "active", owner.TenantId), (upgraded.PlanCode, upgraded.ExtraNumbers, upgraded.Status, upgraded.TenantId));
        Assert.Equal("create_prorations", upgradeRequest.Fields["proration_behavior"]);
        Assert.Equal(business.StripePriceId, upgradeRequest.Fields["items[0][price]"]);
        Assert.StartsWith("si_", upgradeRequest.Fields["items[0][id]"]);
        Assert.Equal((business.StripeExtraNumberPriceId, "3"), (upgradeRequest.Fields["items[1][price]"], upgradeRequest.Fields["items[1][quantity]"]));
        Assert.Equal(("business", 0), (fewer.PlanCode, fewer.ExtraNumbers));
        Assert.Equal("true", fewerRequest.Fields["items[1][deleted]"]);
        Assert.Equal(fewer, reread);
        Assert.True(reread!.CurrentPeriodEndUtc > reread.CurrentPeriodStartUtc);
    }

    [Fact]
    public async Task ABillingPageActionWhileStripeIsDown_ShowsTheReasonOnThePage_AndChangesNothing()
    {
        using var owner = await TenantOwner.CreateAsync(fixture.Portal);
        var session = await fixture.UpgradeAndPayAsync(owner, "starter");
        var (status, body) = await fixture.DeliverAsync(_stripe.EventJson("checkout.session.completed", session));
        Assert.Equal((System.Net.HttpStatusCode.OK, "applied"), (status, body));

        System.Net.Http.HttpResponseMessage response;
        _stripe.Down = true;
        try
        {
            response = await owner.Browser.PostWithTokenAsync("/billing", "/billing/plan", [new("planCode", "business")]);
        }
        finally
        {
            _stripe.Down = false;
        }
        var page = await owner.Browser.GetPageAsync("/billing");
        var tenant = await fixture.TenantAsync(owner.TenantId);

        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/billing", response.Headers.Location?.OriginalString);
        Assert.Contains("The payment service is not answering right now.", page);
        Assert.Contains("Nothing was changed.", page);
        Assert.Equal((await fixture.PlanAsync("starter")).Id, tenant.PlanId);
    }

    [Fact]
    public async Task CancellingAtPeriodEnd_CanBeWithdrawn_AndCancellingNowEndsTheSubscription()
    {
        using var owner = await TenantOwner.CreateAsync(fixture.Portal);
        var subscriptionId = (string)(await fixture.UpgradeAndPayAsync(owner, "starter"))["subscription"]!;

        var atPeriodEnd = await WithProviderAsync(p => p.SetCancelAtPeriodEndAsync(subscriptionId, true, CancellationToken.None));
        var withdrawn = await WithProviderAsync(p => p.SetCancelAtPeriodEndAsync(subscriptionId, false, CancellationToken.None));
        var cancelled = await WithProviderAsync(p => p.CancelNowAsync(subscriptionId, CancellationToken.None));

        Assert.True(atPeriodEnd.CancelAtPeriodEnd);
        Assert.False(withdrawn.CancelAtPeriodEnd);
        Assert.Equal("canceled", cancelled.Status);
        Assert.True(cancelled.IsEnded);
        Assert.Single(_stripe.RequestsTo("DELETE", $"/v1/subscriptions/{subscriptionId}"));
    }

    [Fact]
    public async Task TheInvoiceList_ShowsStripesInvoicesNewestFirst_AndTheCustomerPortalOpensForTheCustomer()
    {
        using var owner = await TenantOwner.CreateAsync(fixture.Portal);
        var session = await fixture.UpgradeAndPayAsync(owner, "starter", extraNumbers: 2);
        var renewal = _stripe.Renew((string)session["subscription"]!, "open", attemptCount: 2);
        var customerId = (string)session["customer"]!;

        var invoices = await WithProviderAsync(p => p.ListInvoicesAsync(customerId, 10, CancellationToken.None));
        var portalUrl = await WithProviderAsync(p => p.CreateCustomerPortalUrlAsync(customerId, "http://portal.test/billing", CancellationToken.None));

        Assert.Equal([(string)renewal["id"]!, (string)session["invoice"]!], invoices.Select(i => i.Id));
        var latest = invoices[0];
        Assert.Equal(((string)renewal["number"]!, 1900L + 2 * 300, "USD", "open", 2), (latest.Number, latest.AmountCents, latest.Currency, latest.Status, latest.AttemptCount));
        Assert.Equal((string)session["subscription"]!, latest.SubscriptionId);
        Assert.Equal((string?)renewal["invoice_pdf"], latest.PdfUrl);
        Assert.Equal((string?)renewal["hosted_invoice_url"], latest.HostedUrl);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds((long)renewal["lines"]!["data"]![0]!["period"]!["end"]!).UtcDateTime, latest.PeriodEndUtc);
        Assert.StartsWith("https://billing.stripe.com/", portalUrl);
        Assert.Equal("http://portal.test/billing", _stripe.RequestsTo("POST", "/v1/billing_portal/sessions").Last().Fields["return_url"]);
    }

    [Fact]
    public async Task ASubscriptionStripeDoesNotHave_IsReportedAsNone()
    {
        var missing = await WithProviderAsync(p => p.GetSubscriptionAsync("sub_does_not_exist", CancellationToken.None));

        Assert.Null(missing);
    }

    private async Task<T> WithProviderAsync<T>(Func<IPaymentProvider, Task<T>> call)
    {
        await using var scope = fixture.Portal.Scope();
        var provider = scope.ServiceProvider.GetRequiredService<IPaymentProvider>();
        Assert.IsType<StripePaymentProvider>(provider);
        return await call(provider);
    }
}
