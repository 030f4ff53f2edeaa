using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UcPortal.Data.Entities;
using UcPortal.Tests.Infrastructure;
using UcPortal.Tests.Pbx;
using UcPortal.Web.Features.Billing;

namespace UcPortal.Tests.Billing;

/// <summary>/billing: what a paying customer sees and changes there (with the test-mode provider),
/// and who may see it at all.</summary>
public abstract class BillingPageTests<TPortal>(TPortal portal) : IClassFixture<TPortal> where TPortal : PortalFactory
{
    private static async Task<string> PageAsync(TenantOwner owner) => WebUtility.HtmlDecode(await owner.Browser.GetPageAsync("/billing"));

    private static async Task<HttpResponseMessage> PostAsync(TenantOwner owner, string action, params (string Name, string Value)[] fields)
    {
        var response = await owner.Browser.PostWithTokenAsync("/billing", action, fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.UnprocessableEntity, $"POST {action} answered {(int)response.StatusCode}");
        return response;
    }

    private Task<TestModeSubscription> SubscriptionAsync(Guid tenantId) =>
        portal.WithDbAsync(db => db.TestModeSubscriptions.AsNoTracking().SingleAsync(s => s.TenantId == tenantId));

    [Fact]
    public async Task ATrialsBillingPage_ShowsTheTrial_AndTheUpgradeButton()
    {
        using var owner = await TenantOwner.CreateAsync(portal);

        var page = await PageAsync(owner);
        var dashboard = await owner.Browser.GetPageAsync("/dashboard");

        Assert.Contains("Free trial", page);
        Assert.Contains("Your trial ends on", page);
        Assert.Contains("href=\"/billing/upgrade\"", page);
        Assert.Contains("No invoices yet.", page);
        Assert.DoesNotContain("Manage payment method and invoices", page);
        Assert.Contains("id=\"banner-upgrade\"", dashboard);
        Assert.Contains("id=\"nav-upgrade\"", dashboard);
        Assert.Contains("href=\"/billing\"", dashboard);
    }

    [Fact]
    public async Task APaidTenantsBillingPage_ShowsPlanRenewalMinutesOfThisPeriodAndInvoicesWithTheirPdf()
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        await TestModeBilling.UpgradeAsync(owner.Browser, "business");
        var tenant = await TestModeBilling.TenantAsync(portal, owner.TenantId);
        await portal.WithDbAsync(db =>
        {
            var source = Random.Shared.Next(1, int.MaxValue);
            db.CallRecords.AddRange(
                new CallRecord { TenantId = owner.TenantId, SourceId = source, CallId = "a", Direction = CallDirection.Outbound, FromNumber = "100", ToNumber = "+442079460123", StartedAtUtc = tenant.CurrentPeriodStartUtc!.Value.AddSeconds(1), DurationSeconds = 600, BilledSeconds = 600, Disposition = "answered" },
                new CallRecord { TenantId = owner.TenantId, SourceId = source + 1L, CallId = "b", Direction = CallDirection.Inbound, FromNumber = "+442079460124", ToNumber = "100", StartedAtUtc = tenant.CurrentPeriodStartUtc!.Value.AddSeconds(2), DurationSeconds = 150, BilledSeconds = 150, Disposition = "answered" },
                // Before this period began (during the trial): not this period's minutes.
                new CallRecord { TenantId = owner.TenantId, SourceId = source + 2L, CallId = "c", Direction = CallDirection.Outbound, FromNumber = "100", ToNumber = "+442079460125", StartedAtUtc = tenant.CurrentPeriodStartUtc!.Value.AddHours(-1), DurationSeconds = 3000, BilledSeconds = 3000, Disposition = "answered" });
            return db.SaveChangesAsync();
        });
        var invoice = await portal.WithDbAsync(db => db.BillingInvoices.AsNoTracking().SingleAsync(i => i.TenantId == owner.TenantId));

        var page = await PageAsync(owner);
        var pdf = await owner.Browser.GetAsync(invoice.PdfUrl!);

        Assert.Contains("id=\"billing-plan\">Business<", page);
        Assert.Contains(">Active<", page);
        Assert.Contains($"Your plan renews on {tenant.PaidThroughUtc:d MMMM yyyy}.", page);
        Assert.Contains($"id=\"next-renewal\">{tenant.PaidThroughUtc:d MMM yyyy}<", page);
        Assert.Contains("id=\"minutes-used\">12<", page); // 600 s + 150 s
        Assert.Contains($"data-invoice=\"{invoice.Number}\"", page);
        Assert.Contains("$49", page);
        Assert.Contains(">Paid<", page);
        Assert.Contains($"href=\"{invoice.PdfUrl}\"", page);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        var bytes = await pdf.Content.ReadAsByteArrayAsync();
        Assert.StartsWith("%PDF-1.4", System.Text.Encoding.Latin1.GetString(bytes));
        Assert.Contains(invoice.Number, System.Text.Encoding.Latin1.GetString(bytes));
        Assert.DoesNotContain("id=\"nav-upgrade\"", page);
    }

    [Fact]
    public async Task ChangingPlan_AppliesTheNewPlansLimitsAtOnce_SaysWhatIsProrated_AndTheLaterWebhookChangesNothing()
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        await TestModeBilling.UpgradeAsync(owner.Browser, "starter");

        await PostAsync(owner, "/billing/plan", ("planCode", "business"));
        var page = await PageAsync(owner);

        var tenant = await TestModeBilling.TenantAsync(portal, owner.TenantId);
        Assert.Equal(("business", 10, true), (tenant.Plan!.Code, tenant.MaxConcurrentCalls, tenant.InternationalCallsAllowed));
        Assert.Equal(tenant.PlanId, (await SubscriptionAsync(owner.TenantId)).PlanId);
        Assert.Contains("You are now on Business. About $30 for the rest of this period is added to your next invoice.", page);
        Assert.Contains("id=\"billing-plan\">Business<", page);
        Assert.True(await portal.WithDbAsync(db => db.TenantEvents.AnyAsync(e => e.TenantId == owner.TenantId && e.Message == "Plan changed from Starter to Business")));

        // customer.subscription.updated arrives a moment later (a background job in test mode): nothing left to change.
        await using (var scope = portal.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<TestModeWebhooks>()
                .SendSubscriptionChangedAsync("tevt_test_" + Guid.NewGuid().ToString("N"), "customer.subscription.updated", tenant.SubscriptionId!, CancellationToken.None);
        }
        var after = await TestModeBilling.TenantAsync(portal, owner.TenantId);
        Assert.Equal((tenant.PlanId, tenant.Status, tenant.PaidThroughUtc), (after.PlanId, after.Status, after.PaidThroughUtc));
    }

    [Fact]
    public async Task MovingToAPlanWithFewerExtensionsThanInUse_IsRefusedNextToThePlan()
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        await TestModeBilling.UpgradeAsync(owner.Browser, "business");
        await portal.WithDbAsync(async db =>
        {
            var template = await db.Extensions.AsNoTracking().FirstAsync(e => e.TenantId == owner.TenantId);
            for (var n = 150; db.Extensions.Local.Count + await db.Extensions.CountAsync(e => e.TenantId == owner.TenantId) < 6; n++)
            {
                db.Extensions.Add(new Extension { Id = Guid.NewGuid(), TenantId = owner.TenantId, Number = n.ToString(System.Globalization.CultureInfo.InvariantCulture), Name = $"Desk {n}", SipUsername = $"{template.SipUsername}-{n}", Ha1 = template.Ha1, SipPasswordProtected = template.SipPasswordProtected });
            }
            return await db.SaveChangesAsync();
        });

        var response = await PostAsync(owner, "/billing/plan", ("planCode", "starter"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.StartsWith("You have 6 extensions and Starter allows 5.", TestModeBilling.FieldMessage(await response.Content.ReadAsStringAsync(), "PlanCode"));
        Assert.Equal("business", (await TestModeBilling.TenantAsync(portal, owner.TenantId)).Plan!.Code);
    }

    [Fact]
    public async Task CancellingAtPeriodEnd_AndUndoingIt_ShowAtOnce_AndReachTheProvider()
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        await TestModeBilling.UpgradeAsync(owner.Browser, "business");

        await PostAsync(owner, "/billing/cancel");
        var cancelled = await PageAsync(owner);
        var subscriptionCancelled = await SubscriptionAsync(owner.TenantId);
        await PostAsync(owner, "/billing/resume");
        var resumed = await PageAsync(owner);

        var tenant = await TestModeBilling.TenantAsync(portal, owner.TenantId);
        Assert.True(subscriptionCancelled.CancelAtPeriodEnd);
        Assert.Contains($"Your plan ends on {tenant.PaidThroughUtc:d MMMM yyyy}. Until then everything keeps working", cancelled);
        Assert.Contains("Active, ending", cancelled);
        Assert.Contains("id=\"undo-cancel\"", cancelled);
        Assert.False((await SubscriptionAsync(owner.TenantId)).CancelAtPeriodEnd);
        Assert.False(tenant.CancelAtPeriodEnd);
        Assert.Contains("Cancellation withdrawn", resumed);
        Assert.Contains("id=\"cancel-plan\"", resumed);
        Assert.Equal(TenantStatus.Active, tenant.Status);
    }

    [Fact]
    public async Task AddingNumbers_FillsThePlansUnusedNumbersFirst_ThenBillsExtraNumbers()
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        var area = await TestModeBilling.AddPaidNumbersAsync(portal, "GB", 4);
        await TestModeBilling.UpgradeAsync(owner.Browser, "business"); // 3 included; the trial number is one

        await PostAsync(owner, "/billing/numbers", ("area", area), ("count", "2"));
        var included = await TestModeBilling.TenantAsync(portal, owner.TenantId);
        var includedPage = await PageAsync(owner);
        await PostAsync(owner, "/billing/numbers", ("area", area), ("count", "2"));
        var billed = await TestModeBilling.TenantAsync(portal, owner.TenantId);
        var billedPage = await PageAsync(owner);

        Assert.Equal(0, included.ExtraNumbers);
        Assert.Contains("They are included in your plan.", includedPage);
        Assert.Equal(2, billed.ExtraNumbers);
        Assert.Equal(2, (await SubscriptionAsync(owner.TenantId)).ExtraNumbers);
        Assert.Contains("Your plan goes up by $5 a month", billedPage);
        var numbers = await portal.WithDbAsync(db => db.PhoneNumbers.AsNoTracking().Where(n => n.TenantId == owner.TenantId).ToListAsync());
        Assert.Equal(5, numbers.Count);
        Assert.Equal(4, numbers.Count(n => n.Pool == NumberPool.Paid && n.Status == NumberStatus.Assigned));
        Assert.True(await portal.WithDbAsync(db => db.ConfigChanges.AnyAsync(c => c.TenantId == owner.TenantId && c.Description.StartsWith("Numbers added"))));
        // The city is now empty: asking for more is refused next to the city, and nothing is billed.
        var refused = await PostAsync(owner, "/billing/numbers", ("area", area), ("count", "1"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("has fewer than 1 number left", TestModeBilling.FieldMessage(await refused.Content.ReadAsStringAsync(), "Area"));
        Assert.Equal(2, (await SubscriptionAsync(owner.TenantId)).ExtraNumbers);
    }

    [Fact]
    public async Task ReleasingANumber_SendsItToQuarantine_StopsBillingIt_AndAnotherTenantsNumberIsNotFound()
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        using var stranger = await TenantOwner.CreateAsync(portal);
        var area = await TestModeBilling.AddPaidNumbersAsync(portal, "GB", 2);
        await TestModeBilling.UpgradeAsync(owner.Browser, "starter"); // 1 included: the trial number
        await TestModeBilling.UpgradeAsync(stranger.Browser, "starter");
        await PostAsync(owner, "/billing/numbers", ("area", area), ("count", "2"));
        var bought = await portal.WithDbAsync(db => db.PhoneNumbers.AsNoTracking().Where(n => n.TenantId == owner.TenantId && n.Pool == NumberPool.Paid).OrderBy(n => n.Id).ToListAsync());
        Assert.Equal(2, (await TestModeBilling.TenantAsync(portal, owner.TenantId)).ExtraNumbers);

        var byStranger = await stranger.Browser.PostWithTokenAsync("/billing", $"/billing/numbers/{bought[0].Id}/release");
        await PostAsync(owner, $"/billing/numbers/{bought[0].Id}/release");
        var page = await PageAsync(owner);

        Assert.Equal(HttpStatusCode.NotFound, byStranger.StatusCode);
        var released = await portal.WithDbAsync(db => db.PhoneNumbers.AsNoTracking().SingleAsync(n => n.Id == bought[0].Id));
        Assert.Equal((NumberStatus.Quarantined, (Guid?)null), (released.Status, released.TenantId));
        Assert.InRange(released.QuarantinedUntilUtc!.Value, DateTime.UtcNow.AddDays(29), DateTime.UtcNow.AddDays(31));
        Assert.Equal(1, (await TestModeBilling.TenantAsync(portal, owner.TenantId)).ExtraNumbers);
        Assert.Equal(1, (await SubscriptionAsync(owner.TenantId)).ExtraNumbers);
        Assert.Contains("is released", page);
        Assert.Contains("Your plan goes down by $3 a month.", page);
        Assert.DoesNotContain($"data-e164=\"{released.E164}\"", page);
    }

    [Fact]
    public async Task TheLastNumber_CannotBeReleased()
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        await TestModeBilling.UpgradeAsync(owner.Browser, "starter");
        var only = await portal.WithDbAsync(db => db.PhoneNumbers.Where(n => n.TenantId == owner.TenantId).Select(n => n.Id).SingleAsync());

        var response = await PostAsync(owner, $"/billing/numbers/{only}/release");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("Your account keeps at least one number", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        Assert.Equal(owner.TenantId, await portal.WithDbAsync(db => db.PhoneNumbers.Where(n => n.Id == only).Select(n => n.TenantId).SingleAsync()));
    }

    [Fact]
    public async Task ManagePaymentMethod_OpensTheTestModePortal_WhereARenewalCanFailAndBePaid()
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        await TestModeBilling.UpgradeAsync(owner.Browser, "business");
        var firstEnd = (await SubscriptionAsync(owner.TenantId)).CurrentPeriodEndUtc;

        var portalRedirect = await PostAsync(owner, "/billing/portal");
        var portalPage = await owner.Browser.GetPageAsync("/billing/test-portal");
        await owner.Browser.PostWithTokenAsync("/billing/test-portal", "/billing/test-portal/renewal", [new("outcome", "failed"), new("periodEndTicks", firstEnd.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        var failed = await TestModeBilling.TenantAsync(portal, owner.TenantId);
        // The same form posted again (a double click) finds that period already renewed: nothing more happens.
        await owner.Browser.PostWithTokenAsync("/billing/test-portal", "/billing/test-portal/renewal", [new("outcome", "failed"), new("periodEndTicks", firstEnd.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        var pastDuePage = await PageAsync(owner);
        var secondEnd = (await SubscriptionAsync(owner.TenantId)).CurrentPeriodEndUtc;
        await owner.Browser.PostWithTokenAsync("/billing/test-portal", "/billing/test-portal/renewal", [new("outcome", "paid"), new("periodEndTicks", secondEnd.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        var restored = await TestModeBilling.TenantAsync(portal, owner.TenantId);

        Assert.Equal("/billing/test-portal", portalRedirect.Headers.Location?.OriginalString);
        Assert.Contains("TEST MODE", portalPage);
        Assert.Contains("Simulate the renewal", portalPage);
        Assert.Equal(TenantStatus.PastDue, failed.Status);
        Assert.Equal(firstEnd.AddMonths(1), secondEnd);
        Assert.Contains("Payment overdue", pastDuePage);
        Assert.Contains(">Unpaid<", pastDuePage);
        Assert.Equal(TenantStatus.Active, restored.Status);
        Assert.Equal(secondEnd, restored.PaidThroughUtc);
        var invoices = await portal.WithDbAsync(db => db.BillingInvoices.AsNoTracking().Where(i => i.TenantId == owner.TenantId).Select(i => i.Status).ToListAsync());
        Assert.Equal(["paid", "paid"], invoices);

        // Cancelling in the test-mode portal is the same cancellation as on the billing page.
        await owner.Browser.PostWithTokenAsync("/billing/test-portal", "/billing/test-portal/cancel", [new("cancel", "true")]);
        Assert.True((await SubscriptionAsync(owner.TenantId)).CancelAtPeriodEnd);
        Assert.True((await TestModeBilling.TenantAsync(portal, owner.TenantId)).CancelAtPeriodEnd);
    }

    [Fact]
    public async Task ATestModeSubscriptionSetToCancel_EndsWhenItsPeriodIsOver_AndItsDeletedEventSuspendsTheTenant()
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        await TestModeBilling.UpgradeAsync(owner.Browser, "business");
        await PostAsync(owner, "/billing/cancel");
        var subscriptionId = (await SubscriptionAsync(owner.TenantId)).Id;
        await portal.WithDbAsync(db => db.TestModeSubscriptions.Where(s => s.Id == subscriptionId)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.CurrentPeriodEndUtc, DateTime.UtcNow.AddMinutes(-1))));

        await using (var scope = portal.Scope())
        {
            var provider = scope.ServiceProvider.GetRequiredService<IPaymentProvider>();
            Assert.Equal("canceled", (await provider.GetSubscriptionAsync(subscriptionId, CancellationToken.None))!.Status);
            await scope.ServiceProvider.GetRequiredService<TestModeWebhooks>()
                .SendSubscriptionChangedAsync("tevt_test_" + Guid.NewGuid().ToString("N"), "customer.subscription.deleted", subscriptionId, CancellationToken.None);
        }

        var tenant = await TestModeBilling.TenantAsync(portal, owner.TenantId);
        Assert.Equal((TenantStatus.Suspended, SuspensionReason.Cancelled), (tenant.Status, tenant.SuspensionReason));
        Assert.Contains("Your subscription has ended", await PageAsync(owner));
    }

    [Fact]
    public async Task Members_GetNoBillingPage_NoBillingLink_AndCannotChangeAnything()
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        await TestModeBilling.UpgradeAsync(owner.Browser, "business");
        using var member = await PbxTenants.MemberAsync(portal, owner.TenantId, "101");

        var page = await member.GetAsync("/billing");
        var denied = await member.GetAsync(page.Headers.Location!.PathAndQuery());
        var cancel = await member.PostWithTokenAsync("/dashboard", "/billing/cancel");
        var upgrade = await member.GetAsync("/billing/upgrade");
        var dashboard = await member.GetPageAsync("/dashboard");

        Assert.Contains("/account/access-denied", page.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Contains("/account/access-denied", cancel.Headers.Location!.OriginalString);
        Assert.Contains("/account/access-denied", upgrade.Headers.Location!.OriginalString);
        Assert.False((await SubscriptionAsync(owner.TenantId)).CancelAtPeriodEnd);
        Assert.DoesNotContain("href=\"/billing\"", dashboard);
    }
}

internal static class UriPaths
{
    public static string PathAndQuery(this Uri uri) => uri.IsAbsoluteUri ? uri.PathAndQuery : uri.OriginalString;
}

public sealed class BillingPageTestsOnSqlite(SqlitePortal portal) : BillingPageTests<SqlitePortal>(portal);

public sealed class BillingPageTestsOnPostgres(PostgresPortal portal) : BillingPageTests<PostgresPortal>(portal);
