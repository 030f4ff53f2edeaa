using System.Net;
using Microsoft.EntityFrameworkCore;
using UcPortal.Data.Entities;
using UcPortal.Tests.Infrastructure;

namespace UcPortal.Tests.Billing;

/// <summary>The conversion through the built-in test-mode provider: upgrade form → test checkout →
/// Pay or Decline → return page, with the same event handlers a Stripe payment runs.</summary>
public abstract class TestModeCheckoutTests<TPortal>(TPortal portal) : IClassFixture<TPortal> where TPortal : PortalFactory
{
    [Fact]
    public async Task PayingOnTheTestCheckout_MakesTheTrialActiveOnThePlan_KeepsNumbersAndExtensions_AndSendsAWelcomeEmail()
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        var numbersBefore = await portal.WithDbAsync(db => db.PhoneNumbers.Where(n => n.TenantId == owner.TenantId).Select(n => n.E164).OrderBy(n => n).ToListAsync());
        var extensionsBefore = await portal.WithDbAsync(db => db.Extensions.Where(e => e.TenantId == owner.TenantId).Select(e => e.Number).OrderBy(n => n).ToListAsync());

        var checkout = await TestModeBilling.StartCheckoutAsync(owner.Browser, "business", extraNumbers: 2);
        var checkoutPage = await owner.Browser.GetPageAsync(checkout);
        var returnPath = await TestModeBilling.AnswerCheckoutAsync(owner.Browser, checkout, pay: true);

        Assert.Contains("TEST MODE", checkoutPage);
        Assert.Contains("Nobody is charged", checkoutPage);
        Assert.Contains("Business", checkoutPage);
        Assert.Contains("$54", checkoutPage); // $49 + 2 × $2.50
        var tenant = await TestModeBilling.TenantAsync(portal, owner.TenantId);
        Assert.Equal(TenantStatus.Active, tenant.Status);
        Assert.Equal("business", tenant.Plan!.Code);
        Assert.Equal(10, tenant.MaxConcurrentCalls);
        Assert.True(tenant.InternationalCallsAllowed);
        Assert.Equal(2, tenant.ExtraNumbers);
        Assert.StartsWith("tsub_", tenant.SubscriptionId);
        Assert.Equal($"tcus_{owner.TenantId:N}", tenant.BillingCustomerId);
        Assert.InRange(tenant.PaidThroughUtc!.Value, DateTime.UtcNow.AddMonths(1).AddMinutes(-5), DateTime.UtcNow.AddMonths(1).AddMinutes(5));
        Assert.Equal(numbersBefore, await portal.WithDbAsync(db => db.PhoneNumbers.Where(n => n.TenantId == owner.TenantId).Select(n => n.E164).OrderBy(n => n).ToListAsync()));
        Assert.Equal(extensionsBefore, await portal.WithDbAsync(db => db.Extensions.Where(e => e.TenantId == owner.TenantId).Select(e => e.Number).OrderBy(n => n).ToListAsync()));
        var welcome = await portal.WithDbAsync(db => db.OutboxEmails.AsNoTracking().Where(e => e.TenantId == owner.TenantId && e.Template == "paid-welcome").ToListAsync());
        Assert.Equal(owner.Email, Assert.Single(welcome).ToAddress);
        var invoice = await portal.WithDbAsync(db => db.BillingInvoices.AsNoTracking().SingleAsync(i => i.TenantId == owner.TenantId));
        Assert.Equal(("paid", 5400L), (invoice.Status, invoice.AmountCents));
        var returnPage = WebUtility.HtmlDecode(await owner.Browser.GetPageAsync(returnPath));
        Assert.Contains("You're on Business", returnPage);
        Assert.DoesNotContain("trial-banner", await owner.Browser.GetPageAsync("/dashboard"));
    }

    [Fact]
    public async Task PayClickedTwiceAndAtTheSameTime_MakesOneSubscription_AndAppliesEachEventOnce()
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        var checkout = await TestModeBilling.StartCheckoutAsync(owner.Browser, "starter");

        var page = await owner.Browser.GetPageAsync(checkout);
        var token = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value);
        // The three clicks meet where each creates the subscription, and again where each records the
        // checkout's event and the invoice's: each has looked and found none before any saves.
        var session = checkout[(checkout.LastIndexOf('/') + 1)..];
        var gates = new[]
        {
            portal.Simultaneous.Saves<TestModeSubscription>(3, s => s.TenantId == owner.TenantId),
            portal.Simultaneous.Saves<BillingEvent>(3, e => e.EventId == $"tevt_{session}_completed"),
            portal.Simultaneous.Saves<BillingEvent>(3, e => e.EventId == $"tevt_{session}_invoice"),
        };
        HttpResponseMessage[] clicks;
        try
        {
            clicks = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() =>
                owner.Browser.Http.PostAsync(checkout + "/pay", new FormUrlEncodedContent([new("__RequestVerificationToken", token)])))));
        }
        finally
        {
            portal.Simultaneous.Clear();
        }
        Assert.All(gates, g => Assert.Equal(3, g.Arrived));
        await TestModeBilling.AnswerCheckoutAsync(owner.Browser, checkout, pay: true);

        Assert.All(clicks, c => Assert.Equal(HttpStatusCode.Redirect, c.StatusCode));
        Assert.Single(await portal.WithDbAsync(db => db.TestModeSubscriptions.Where(s => s.TenantId == owner.TenantId).ToListAsync()));
        var events = await portal.WithDbAsync(db => db.BillingEvents.AsNoTracking().Where(e => e.TenantId == owner.TenantId).Select(e => e.Type).ToListAsync());
        Assert.Equal(["checkout.session.completed", "invoice.paid"], events.Order().ToArray());
        Assert.Single(await portal.WithDbAsync(db => db.BillingInvoices.Where(i => i.TenantId == owner.TenantId).ToListAsync()));
        Assert.Single(await portal.WithDbAsync(db => db.OutboxEmails.Where(e => e.TenantId == owner.TenantId && e.Template == "paid-welcome").ToListAsync()));
        Assert.Single(await portal.WithDbAsync(db => db.TenantEvents.Where(e => e.TenantId == owner.TenantId && e.Message.StartsWith("Upgraded")).ToListAsync()));
        Assert.Equal(TenantStatus.Active, (await TestModeBilling.TenantAsync(portal, owner.TenantId)).Status);
    }

    [Fact]
    public async Task DecliningOnTheTestCheckout_KeepsTheTrial_AndTheReturnPageSaysNothingWasCharged()
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        var checkout = await TestModeBilling.StartCheckoutAsync(owner.Browser, "business");

        var returnPath = await TestModeBilling.AnswerCheckoutAsync(owner.Browser, checkout, pay: false);
        var returnPage = WebUtility.HtmlDecode(await owner.Browser.GetPageAsync(returnPath));
        // Pay pressed afterwards on the same (declined) session, e.g. from the browser's history: still nothing.
        await TestModeBilling.AnswerCheckoutAsync(owner.Browser, checkout, pay: true);

        Assert.Contains("Your card was declined", returnPage);
        Assert.Contains("You are still on the free trial, and nothing was charged.", returnPage);
        Assert.Contains("href=\"/billing/upgrade?plan=business\"", returnPage);
        Assert.DoesNotContain("hx-get", returnPage);
        var tenant = await TestModeBilling.TenantAsync(portal, owner.TenantId);
        Assert.Equal((TenantStatus.Trial, "trial", (string?)null), (tenant.Status, tenant.Plan!.Code, tenant.SubscriptionId));
        Assert.False(await portal.WithDbAsync(db => db.TestModeSubscriptions.AnyAsync(s => s.TenantId == owner.TenantId)));
        Assert.False(await portal.WithDbAsync(db => db.BillingInvoices.AnyAsync(i => i.TenantId == owner.TenantId)));
        Assert.Equal(CheckoutStatus.Declined, await portal.WithDbAsync(db => db.BillingCheckouts.Where(c => c.TenantId == owner.TenantId).Select(c => c.Status).SingleAsync()));
    }

    [Fact]
    public async Task TheUpgradeFormSubmittedTwiceWithTheSameNonce_MakesOneCheckout_AndANewPageMakesANewOne()
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        var form = await TestModeBilling.OpenUpgradeFormAsync(owner.Browser);

        var first = await TestModeBilling.PostUpgradeAsync(owner.Browser, form, "business");
        var again = await Task.WhenAll(TestModeBilling.PostUpgradeAsync(owner.Browser, form, "business"), TestModeBilling.PostUpgradeAsync(owner.Browser, form, "business"));
        var other = await TestModeBilling.PostUpgradeAsync(owner.Browser, await TestModeBilling.OpenUpgradeFormAsync(owner.Browser), "business");

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.All(again, r => Assert.Equal(first.Headers.Location, r.Headers.Location));
        Assert.NotEqual(first.Headers.Location, other.Headers.Location);
        Assert.Equal(2, await portal.WithDbAsync(db => db.BillingCheckouts.CountAsync(c => c.TenantId == owner.TenantId)));
    }

    [Fact]
    public async Task TheUpgradeForm_WithAWrongPlanOrTooManyNumbers_SaysSoNextToTheField_AndStartsNoCheckout()
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        var form = await TestModeBilling.OpenUpgradeFormAsync(owner.Browser);

        var tooMany = await TestModeBilling.PostUpgradeAsync(owner.Browser, form, "business", "51");
        var noPlan = await TestModeBilling.PostUpgradeAsync(owner.Browser, form, "platinum");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooMany.StatusCode);
        Assert.Equal("Extra numbers must be between 0 and 50.", TestModeBilling.FieldMessage(await tooMany.Content.ReadAsStringAsync(), "Form.ExtraNumbers"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noPlan.StatusCode);
        Assert.Equal("Choose one of the plans shown.", TestModeBilling.FieldMessage(await noPlan.Content.ReadAsStringAsync(), "Form.PlanCode"));
        Assert.False(await portal.WithDbAsync(db => db.BillingCheckouts.AnyAsync(c => c.TenantId == owner.TenantId)));
    }

    [Fact]
    public async Task TheReturnPage_ShowsActivatingAndPolls_UntilThePaymentHasMadeTheTenantPaid()
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        var checkout = await TestModeBilling.StartCheckoutAsync(owner.Browser, "business");
        var checkoutId = await portal.WithDbAsync(db => db.BillingCheckouts.Where(c => c.TenantId == owner.TenantId).Select(c => c.Id).SingleAsync());

        var waiting = WebUtility.HtmlDecode(await owner.Browser.GetPageAsync($"/billing/return?checkout={checkoutId}"));
        var pollBefore = WebUtility.HtmlDecode(await owner.Browser.GetPageAsync($"/billing/return/status?checkout={checkoutId}"));
        await TestModeBilling.AnswerCheckoutAsync(owner.Browser, checkout, pay: true);
        var pollAfter = WebUtility.HtmlDecode(await owner.Browser.GetPageAsync($"/billing/return/status?checkout={checkoutId}"));

        Assert.Contains("Activating your plan…", waiting);
        Assert.Contains($"hx-get=\"/billing/return/status?checkout={checkoutId}\"", waiting);
        Assert.Contains(checkout, waiting); // "Return to the payment page"
        Assert.Contains("Activating your plan…", pollBefore);
        Assert.Contains("You're on Business", pollAfter);
        Assert.DoesNotContain("hx-get", pollAfter);
    }

    [Fact]
    public async Task TheReturnPage_StopsPollingHalfAnHourAfterTheCheckoutStarted_AndSaysNoPaymentCameThrough()
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        await TestModeBilling.StartCheckoutAsync(owner.Browser, "starter");
        var checkoutId = await portal.WithDbAsync(async db =>
        {
            var checkout = await db.BillingCheckouts.SingleAsync(c => c.TenantId == owner.TenantId);
            checkout.CreatedAtUtc = DateTime.UtcNow.AddMinutes(-31);
            await db.SaveChangesAsync();
            return checkout.Id;
        });

        var page = WebUtility.HtmlDecode(await owner.Browser.GetPageAsync($"/billing/return?checkout={checkoutId}"));

        Assert.Contains("No payment has come through yet", page);
        Assert.DoesNotContain("hx-get", page);
        Assert.Equal(TenantStatus.Trial, (await TestModeBilling.TenantAsync(portal, owner.TenantId)).Status);
    }

    [Fact]
    public async Task AnotherTenantsCheckout_IsNotFound_AndCannotBePaid()
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        using var stranger = await TenantOwner.CreateAsync(portal);
        var checkout = await TestModeBilling.StartCheckoutAsync(owner.Browser, "business");
        var checkoutId = await portal.WithDbAsync(db => db.BillingCheckouts.Where(c => c.TenantId == owner.TenantId).Select(c => c.Id).SingleAsync());

        var returnPage = await stranger.Browser.GetAsync($"/billing/return?checkout={checkoutId}");
        var poll = await stranger.Browser.GetAsync($"/billing/return/status?checkout={checkoutId}");
        var checkoutPage = await stranger.Browser.GetAsync(checkout);
        var pay = await stranger.Browser.PostWithTokenAsync("/billing", checkout + "/pay");

        Assert.Equal(HttpStatusCode.NotFound, returnPage.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, poll.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, checkoutPage.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, pay.StatusCode);
        Assert.Equal(TenantStatus.Trial, (await TestModeBilling.TenantAsync(portal, owner.TenantId)).Status);
        Assert.Equal(TenantStatus.Trial, (await TestModeBilling.TenantAsync(portal, stranger.TenantId)).Status);
    }
}

public sealed class TestModeCheckoutTestsOnSqlite(SqlitePortal portal) : TestModeCheckoutTests<SqlitePortal>(portal);

public sealed class TestModeCheckoutTestsOnPostgres(PostgresPortal portal) : TestModeCheckoutTests<PostgresPortal>(portal);
