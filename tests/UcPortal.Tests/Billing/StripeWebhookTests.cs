using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using UcPortal.Data.Entities;
using UcPortal.Tests.Infrastructure;

namespace UcPortal.Tests.Billing;

/// <summary>Stripe's webhook: signed events applied at most once, in whatever order they come;
/// anything unsigned, stale or from the other Stripe mode refused with 400 and nothing changed.</summary>
public abstract class StripeWebhookTests<TFixture, TPortal>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : SyncedStripePortal<TPortal>
    where TPortal : PortalFactory, new()
{
    private readonly TPortal _portal = fixture.Portal;
    private readonly FakeStripeServer _stripe = fixture.StripeApi;

    [Fact]
    public async Task ACompletedCheckout_MakesTheTrialTenantActiveOnThePlan_OnceEvenWhenDeliveredThreeTimes()
    {
        using var owner = await TenantOwner.CreateAsync(_portal);
        var business = await fixture.PlanAsync("business");
        var session = await fixture.UpgradeAndPayAsync(owner, "business", extraNumbers: 2);
        var completed = _stripe.EventJson("checkout.session.completed", session);
        var eventId = EventId(completed);

        var deliveries = new List<(HttpStatusCode Status, string Body)>();
        for (var i = 0; i < 3; i++)
        {
            deliveries.Add(await fixture.DeliverAsync(completed));
        }

        Assert.Equal([(HttpStatusCode.OK, "applied"), (HttpStatusCode.OK, "already processed"), (HttpStatusCode.OK, "already processed")], deliveries);
        var tenant = await fixture.TenantAsync(owner.TenantId);
        var sub = _stripe.Subscription((string)session["subscription"]!);
        Assert.Equal(TenantStatus.Active, tenant.Status);
        Assert.Equal(business.Id, tenant.PlanId);
        Assert.Equal((business.ConcurrentCalls, true), (tenant.MaxConcurrentCalls, tenant.InternationalCallsAllowed));
        Assert.Equal(((string)sub["id"]!, "active", 2), (tenant.SubscriptionId, tenant.SubscriptionStatus, tenant.ExtraNumbers));
        Assert.Equal(UnixTime(sub["items"]!["data"]![0]!["current_period_end"]!), tenant.PaidThroughUtc);
        Assert.Equal(CheckoutStatus.Completed, await _portal.WithDbAsync(db => db.BillingCheckouts.Where(c => c.ProviderSessionId == (string)session["id"]!).Select(c => c.Status).SingleAsync()));
        Assert.Equal(1, await _portal.WithDbAsync(db => db.BillingEvents.CountAsync(e => e.EventId == eventId)));
        Assert.Equal(1, await UpgradeHistoryLinesAsync(owner.TenantId));
        Assert.Equal(1, await WelcomeEmailsAsync(owner.TenantId));
        // What the customer sees: the trial banner is gone and the plan's limits apply.
        var dashboard = await owner.Browser.GetPageAsync("/dashboard");
        Assert.DoesNotContain("id=\"trial-banner\"", dashboard);
        Assert.Contains($"{business.ConcurrentCalls} concurrent calls", dashboard);
    }

    [Fact]
    public async Task ASubscriptionUpdateArrivingBeforeTheCheckoutCompletes_EndsInTheRightState()
    {
        using var owner = await TenantOwner.CreateAsync(_portal);
        var starter = await fixture.PlanAsync("starter");
        var session = await fixture.UpgradeAndPayAsync(owner, "starter");
        var subscription = _stripe.Subscription((string)session["subscription"]!);
        // The event's copy is older than the truth at Stripe: the handler must ask Stripe.
        var staleCopy = subscription.DeepClone().AsObject();
        staleCopy["status"] = "incomplete";

        var updated = await fixture.DeliverAsync(_stripe.EventJson("customer.subscription.updated", staleCopy));
        var afterUpdate = await fixture.TenantAsync(owner.TenantId);
        var completed = await fixture.DeliverAsync(_stripe.EventJson("checkout.session.completed", session));

        Assert.Equal((HttpStatusCode.OK, "applied"), updated);
        Assert.Equal(TenantStatus.Active, afterUpdate.Status);
        Assert.Equal(HttpStatusCode.OK, completed.Status);
        var tenant = await fixture.TenantAsync(owner.TenantId);
        Assert.Equal((TenantStatus.Active, starter.Id, (string)subscription["id"]!, "active"), (tenant.Status, tenant.PlanId, tenant.SubscriptionId, tenant.SubscriptionStatus));
        Assert.Equal(CheckoutStatus.Completed, await _portal.WithDbAsync(db => db.BillingCheckouts.Where(c => c.TenantId == owner.TenantId).Select(c => c.Status).SingleAsync()));
        Assert.Equal(1, await UpgradeHistoryLinesAsync(owner.TenantId));
        Assert.Equal(1, await WelcomeEmailsAsync(owner.TenantId));
    }

    [Fact]
    public async Task AnEventThatCannotBeAppliedWhileStripeIsDown_Answers500_AndIsAppliedWhenDeliveredAgain()
    {
        using var owner = await TenantOwner.CreateAsync(_portal);
        var session = await fixture.UpgradeAndPayAsync(owner, "starter");
        var completed = _stripe.EventJson("checkout.session.completed", session);

        (HttpStatusCode Status, string Body) duringOutage;
        _stripe.Down = true;
        try
        {
            duringOutage = await fixture.DeliverAsync(completed);
        }
        finally
        {
            _stripe.Down = false;
        }
        var afterOutage = await fixture.TenantAsync(owner.TenantId);
        var retried = await fixture.DeliverAsync(completed);

        Assert.Equal(HttpStatusCode.InternalServerError, duringOutage.Status);
        Assert.Equal(TenantStatus.Trial, afterOutage.Status);
        Assert.Equal((HttpStatusCode.OK, "applied"), retried);
        Assert.Equal(TenantStatus.Active, (await fixture.TenantAsync(owner.TenantId)).Status);
        Assert.Equal(1, await WelcomeEmailsAsync(owner.TenantId));
    }

    [Fact]
    public async Task APaidInvoice_ExtendsPaidThrough_AndIsStoredForTheBillingPage()
    {
        using var owner = await TenantOwner.CreateAsync(_portal);
        var session = await fixture.UpgradeAndPayAsync(owner, "starter");
        await fixture.DeliverAsync(_stripe.EventJson("checkout.session.completed", session));
        var paidThroughBefore = (await fixture.TenantAsync(owner.TenantId)).PaidThroughUtc;

        var renewal = _stripe.Renew((string)session["subscription"]!, "paid");
        var delivered = await fixture.DeliverAsync(_stripe.EventJson("invoice.paid", renewal));

        Assert.Equal((HttpStatusCode.OK, "applied"), delivered);
        var tenant = await fixture.TenantAsync(owner.TenantId);
        var periodEnd = UnixTime(renewal["lines"]!["data"]![0]!["period"]!["end"]!);
        Assert.True(periodEnd > paidThroughBefore, "the renewal covers a later period");
        Assert.Equal(periodEnd, tenant.PaidThroughUtc);
        Assert.Equal(TenantStatus.Active, tenant.Status);
        var stored = await _portal.WithDbAsync(db => db.BillingInvoices.AsNoTracking().SingleAsync(i => i.ProviderInvoiceId == (string)renewal["id"]!));
        Assert.Equal((owner.TenantId, (string)renewal["number"]!, 1900L, "USD", "paid"), (stored.TenantId, stored.Number, stored.AmountCents, stored.Currency, stored.Status));
        Assert.Equal((string?)renewal["invoice_pdf"], stored.PdfUrl);
        Assert.Equal(periodEnd, stored.PeriodEndUtc);
    }

    [Fact]
    public async Task AFailedPayment_MakesAnActiveTenantPastDue()
    {
        using var owner = await TenantOwner.CreateAsync(_portal);
        var session = await fixture.UpgradeAndPayAsync(owner, "starter");
        await fixture.DeliverAsync(_stripe.EventJson("checkout.session.completed", session));

        var paidThrough = (await fixture.TenantAsync(owner.TenantId)).PaidThroughUtc;

        var failed = _stripe.Renew((string)session["subscription"]!, "open");
        var delivered = await fixture.DeliverAsync(_stripe.EventJson("invoice.payment_failed", failed));
        // Stripe has moved the period on; the subscription's update must not make the unpaid period look paid.
        var updated = await fixture.DeliverAsync(_stripe.EventJson("customer.subscription.updated", _stripe.Subscription((string)session["subscription"]!)));

        Assert.Equal((HttpStatusCode.OK, "applied"), delivered);
        Assert.Equal(HttpStatusCode.OK, updated.Status);
        var tenant = await fixture.TenantAsync(owner.TenantId);
        Assert.NotNull(paidThrough);
        Assert.Equal(paidThrough, tenant.PaidThroughUtc);
        Assert.Equal("past_due", tenant.SubscriptionStatus);
        Assert.Equal(TenantStatus.PastDue, tenant.Status);
        Assert.NotNull(tenant.PastDueSinceUtc);
        Assert.Equal("open", await _portal.WithDbAsync(db => db.BillingInvoices.Where(i => i.ProviderInvoiceId == (string)failed["id"]!).Select(i => i.Status).SingleAsync()));
        Assert.Equal(1, await _portal.WithDbAsync(db => db.TenantEvents.CountAsync(e => e.TenantId == owner.TenantId && e.Message.Contains("failed: past due"))));
    }

    [Fact]
    public async Task AWebhookWithABadSignature_IsRefusedWith400_AndChangesNothing()
    {
        using var owner = await TenantOwner.CreateAsync(_portal);
        var session = await fixture.UpgradeAndPayAsync(owner, "starter");
        var completed = _stripe.EventJson("checkout.session.completed", session);

        var wrongSecret = await fixture.DeliverAsync(completed, secret: "whsec_not_ours");
        var tampered = await DeliverTamperedAsync(completed);
        var unsigned = await PostAsync(completed, signature: null);

        Assert.Equal((HttpStatusCode.BadRequest, "signature does not match"), wrongSecret);
        Assert.Equal((HttpStatusCode.BadRequest, "signature does not match"), tampered);
        Assert.Equal((HttpStatusCode.BadRequest, "missing Stripe-Signature header"), unsigned);
        await AssertUntouchedAsync(owner.TenantId, EventId(completed));
    }

    [Fact]
    public async Task AWebhookWithAStaleTimestamp_IsRefusedWith400_AndChangesNothing()
    {
        using var owner = await TenantOwner.CreateAsync(_portal);
        var session = await fixture.UpgradeAndPayAsync(owner, "starter");
        var completed = _stripe.EventJson("checkout.session.completed", session);

        var stale = await fixture.DeliverAsync(completed, signedAt: DateTimeOffset.UtcNow.AddMinutes(-10));

        Assert.Equal(HttpStatusCode.BadRequest, stale.Status);
        Assert.Contains("tolerance", stale.Body);
        await AssertUntouchedAsync(owner.TenantId, EventId(completed));
    }

    [Fact]
    public async Task AnEventTypeWeDoNotHandle_IsAnswered200_AndChangesNothing()
    {
        using var owner = await TenantOwner.CreateAsync(_portal);
        var session = await fixture.UpgradeAndPayAsync(owner, "starter");
        var other = _stripe.EventJson("checkout.session.async_payment_succeeded", session);

        var delivered = await fixture.DeliverAsync(other);

        Assert.Equal((HttpStatusCode.OK, "ignored: checkout.session.async_payment_succeeded"), delivered);
        await AssertUntouchedAsync(owner.TenantId, EventId(other));
    }

    [Fact]
    public async Task ALiveModeEventAtAPortalWithATestKey_IsRefusedWith400_AndChangesNothing()
    {
        using var owner = await TenantOwner.CreateAsync(_portal);
        var session = await fixture.UpgradeAndPayAsync(owner, "starter");
        var live = _stripe.EventJson("checkout.session.completed", session, livemode: true);

        var delivered = await fixture.DeliverAsync(live);

        Assert.Equal(HttpStatusCode.BadRequest, delivered.Status);
        Assert.Contains("livemode mismatch", delivered.Body);
        await AssertUntouchedAsync(owner.TenantId, EventId(live));
    }

    private async Task AssertUntouchedAsync(Guid tenantId, string eventId)
    {
        var tenant = await fixture.TenantAsync(tenantId);
        Assert.Equal(TenantStatus.Trial, tenant.Status);
        Assert.Null(tenant.SubscriptionId);
        Assert.False(await _portal.WithDbAsync(db => db.BillingEvents.AnyAsync(e => e.EventId == eventId)));
        Assert.Equal(0, await WelcomeEmailsAsync(tenantId));
    }

    private async Task<(HttpStatusCode, string)> DeliverTamperedAsync(string eventJson)
    {
        // Signed as sent, then one character added on the way.
        var signature = FakeStripeServer.SignatureHeader(eventJson, FakeStripeServer.WebhookSecret, DateTimeOffset.UtcNow);
        return await PostAsync(eventJson.Replace("\"livemode\":false", "\"livemode\":false ", StringComparison.Ordinal), signature);
    }

    private async Task<(HttpStatusCode, string)> PostAsync(string body, string? signature)
    {
        using var client = _portal.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation("Stripe-Signature", signature);
        }
        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private Task<int> UpgradeHistoryLinesAsync(Guid tenantId) =>
        _portal.WithDbAsync(db => db.TenantEvents.CountAsync(e => e.TenantId == tenantId && e.Message.StartsWith("Upgraded to")));

    private Task<int> WelcomeEmailsAsync(Guid tenantId) =>
        _portal.WithDbAsync(db => db.OutboxEmails.CountAsync(e => e.TenantId == tenantId && e.Template == "paid-welcome"));

    private static string EventId(string eventJson) => (string)JsonNode.Parse(eventJson)!["id"]!;

    private static DateTime UnixTime(JsonNode seconds) => DateTimeOffset.FromUnixTimeSeconds((long)seconds).UtcDateTime;
}

public sealed class StripeWebhookTestsOnSqlite(SqliteSyncedStripePortal fixture) : StripeWebhookTests<SqliteSyncedStripePortal, SqlitePortal>(fixture);

public sealed class StripeWebhookTestsOnPostgres(PostgresSyncedStripePortal fixture) : StripeWebhookTests<PostgresSyncedStripePortal, PostgresPortal>(fixture);
