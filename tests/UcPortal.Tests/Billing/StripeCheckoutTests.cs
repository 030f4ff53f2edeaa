using Microsoft.EntityFrameworkCore;
using UcPortal.Data.Entities;
using UcPortal.Tests.Infrastructure;
using UcPortal.Web.Features.Shared;

namespace UcPortal.Tests.Billing;

/// <summary>Upgrading starts a Stripe Checkout session through the real Stripe.net client: one Stripe
/// customer per tenant, the tenant id where Stripe hands it back to us, and the form's nonce as
/// idempotency key so a double click makes one session.</summary>
public abstract class StripeCheckoutTests<TFixture, TPortal>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : SyncedStripePortal<TPortal>
    where TPortal : PortalFactory, new()
{
    private readonly TPortal _portal = fixture.Portal;
    private readonly FakeStripeServer _stripe = fixture.StripeApi;

    [Fact]
    public async Task TwoCheckoutsOfOneTenant_UseOneStripeCustomer_AndCarryTheTenantIdAndTheFormNonce()
    {
        using var owner = await TenantOwner.CreateAsync(_portal);
        var business = await fixture.PlanAsync("business");
        var tenantId = owner.TenantId.ToString();

        var first = await fixture.StartCheckoutAsync(owner, "business", 2, "nonce-one");
        var second = await fixture.StartCheckoutAsync(owner, "business", 0, "nonce-two");

        Assert.Null(first.Error);
        Assert.Null(second.Error);
        Assert.NotEqual(first.Value, second.Value);
        var customerPosts = _stripe.RequestsTo("POST", "/v1/customers").Where(r => r.Fields.GetValueOrDefault("metadata[tenant_id]") == tenantId).ToList();
        var customerPost = Assert.Single(customerPosts);
        var customerId = (await fixture.TenantAsync(owner.TenantId)).BillingCustomerId;
        Assert.StartsWith("cus_", customerId);
        Assert.Equal(owner.Email, customerPost.Fields["email"]);
        Assert.Equal($"ucportal-customer-{owner.TenantId:N}", customerPost.IdempotencyKey);

        var sessions = _stripe.RequestsTo("POST", "/v1/checkout/sessions").Where(r => r.Fields.GetValueOrDefault("client_reference_id") == tenantId).ToList();
        Assert.Equal(2, sessions.Count);
        Assert.Equal([$"checkout-{owner.TenantId:N}-nonce-one", $"checkout-{owner.TenantId:N}-nonce-two"], sessions.Select(s => s.IdempotencyKey));
        Assert.All(sessions, s =>
        {
            Assert.Equal("subscription", s.Fields["mode"]);
            Assert.Equal(customerId, s.Fields["customer"]);
            Assert.Equal(tenantId, s.Fields["metadata[tenant_id]"]);
            Assert.Equal(tenantId, s.Fields["subscription_data[metadata][tenant_id]"]);
            Assert.Equal((business.StripePriceId, "1"), (s.Fields["line_items[0][price]"], s.Fields["line_items[0][quantity]"]));
            Assert.EndsWith("&session_id={CHECKOUT_SESSION_ID}", s.Fields["success_url"]);
            Assert.StartsWith("http://portal.test/billing/return?checkout=", s.Fields["success_url"]);
        });
        Assert.Equal((business.StripeExtraNumberPriceId, "2"), (sessions[0].Fields["line_items[1][price]"], sessions[0].Fields["line_items[1][quantity]"]));
        Assert.False(sessions[1].Fields.ContainsKey("line_items[1][price]"), "no extra-number line when none were chosen");
        Assert.Equal(customerId, (string?)_stripe.Session(SessionIdOf(first.Value!))["customer"]);
    }

    [Fact]
    public async Task ADoubleSubmitOfTheSameForm_CreatesOneCheckoutSession_AndBothGetTheSameUrl()
    {
        using var owner = await TenantOwner.CreateAsync(_portal);
        var nonce = Guid.NewGuid().ToString("N");
        var key = $"checkout-{owner.TenantId:N}-{nonce}";

        var first = await fixture.StartCheckoutAsync(owner, "starter", 1, nonce);
        var second = await fixture.StartCheckoutAsync(owner, "starter", 1, nonce);

        Assert.NotNull(first.Value);
        Assert.Equal(first.Value, second.Value);
        Assert.Single(_stripe.RequestsTo("POST", "/v1/checkout/sessions"), r => r.IdempotencyKey == key);
        Assert.Equal(1, await _portal.WithDbAsync(db => db.BillingCheckouts.CountAsync(c => c.TenantId == owner.TenantId)));
    }

    [Fact]
    public async Task TwoSimultaneousSubmitsOfTheSameForm_GetOneStripeSession()
    {
        using var owner = await TenantOwner.CreateAsync(_portal);
        var nonce = Guid.NewGuid().ToString("N");
        var sessionsBefore = _stripe.SessionCount;

        // Both clicks have looked for the form's checkout and found none before either saves one.
        var meet = _portal.Simultaneous.Saves<BillingCheckout>(2, c => c.TenantId == owner.TenantId);
        FormResult<string>[] both;
        try
        {
            both = await Task.WhenAll(
                Task.Run(() => fixture.StartCheckoutAsync(owner, "starter", 0, nonce)),
                Task.Run(() => fixture.StartCheckoutAsync(owner, "starter", 0, nonce)));
        }
        finally
        {
            _portal.Simultaneous.Clear();
        }

        Assert.Equal(2, meet.Arrived);
        Assert.All(both, r => Assert.Null(r.Error));
        Assert.Equal(both[0].Value, both[1].Value);
        // Whether the second click found the first one's row or reached Stripe with the same key, Stripe made one session.
        Assert.Equal(sessionsBefore + 1, _stripe.SessionCount);
        Assert.Equal(1, await _portal.WithDbAsync(db => db.BillingCheckouts.CountAsync(c => c.TenantId == owner.TenantId)));
    }

    [Fact]
    public async Task ACustomerIdStripeDoesNotKnow_IsReplacedByANewCustomer_AndTheCheckoutGoesAhead()
    {
        // As after switching from the built-in test mode to Stripe: the stored id is the test mode's.
        using var owner = await TenantOwner.CreateAsync(_portal);
        await _portal.WithDbAsync(db => db.Tenants.Where(t => t.Id == owner.TenantId).ExecuteUpdateAsync(s => s.SetProperty(t => t.BillingCustomerId, "testcus_left_over")));

        var result = await fixture.StartCheckoutAsync(owner, "starter", 0, Guid.NewGuid().ToString("N"));

        Assert.Null(result.Error);
        var tenant = await fixture.TenantAsync(owner.TenantId);
        Assert.StartsWith("cus_", tenant.BillingCustomerId);
        Assert.NotEmpty(_stripe.RequestsTo("GET", "/v1/customers/testcus_left_over"));
        Assert.Equal(tenant.BillingCustomerId, (string?)_stripe.Session(SessionIdOf(result.Value!))["customer"]);
    }

    [Fact]
    public async Task ACheckoutStripeRefuses_GivesTheUserAMessage_NotAnError()
    {
        using var owner = await TenantOwner.CreateAsync(_portal);
        // A plan whose price was never synced points Stripe at a price it does not have.
        await _portal.WithDbAsync(db => db.Plans.Where(p => p.Code == "enterprise").ExecuteUpdateAsync(s => s.SetProperty(p => p.StripePriceId, "price_unknown")));
        try
        {
            var result = await fixture.StartCheckoutAsync(owner, "enterprise", 0, Guid.NewGuid().ToString("N"));

            Assert.Null(result.Value);
            Assert.Equal("The payment service refused this request. Please try again, or contact support if it keeps happening.", result.Error);
        }
        finally
        {
            var enterprise = _stripe.Prices.Single(p => (string?)p["lookup_key"] == "ucportal-enterprise-monthly-usd-14900");
            await _portal.WithDbAsync(db => db.Plans.Where(p => p.Code == "enterprise").ExecuteUpdateAsync(s => s.SetProperty(p => p.StripePriceId, (string?)enterprise["id"])));
        }
    }

    private static string SessionIdOf(string url) => url[(url.LastIndexOf('/') + 1)..];
}

public sealed class StripeCheckoutTestsOnSqlite(SqliteSyncedStripePortal fixture) : StripeCheckoutTests<SqliteSyncedStripePortal, SqlitePortal>(fixture);

public sealed class StripeCheckoutTestsOnPostgres(PostgresSyncedStripePortal fixture) : StripeCheckoutTests<PostgresSyncedStripePortal, PostgresPortal>(fixture);
