using System.Net;
using UcPortal.Data.Entities;
using UcPortal.Tests.Infrastructure;

namespace UcPortal.Tests.Billing;

/// <summary>Without Stripe keys the portal runs the built-in test-mode payments: there is nothing to
/// sync to Stripe and no Stripe webhook to receive.</summary>
public sealed class BillingWithoutStripeTests(SqlitePortal portal) : IClassFixture<SqlitePortal>
{
    [Fact]
    public async Task SyncingPlansInTestMode_SaysThereIsNothingToSync()
    {
        using var browser = portal.CreateBrowser();
        await browser.LogInAsync(await Staff.CreateAsync(portal, StaffRoles.Admin), Staff.Password);

        var response = await browser.PostWithTokenAsync("/admin/plans", "/admin/plans/sync");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("Nothing to sync in test mode", page);
        Assert.Contains("built-in test mode", page);
    }

    [Fact]
    public async Task ThePlansPage_IsForAdminsOnly()
    {
        using var browser = portal.CreateBrowser();
        await browser.LogInAsync(await Staff.CreateAsync(portal, StaffRoles.Support), Staff.Password);

        var page = await browser.GetAsync("/admin/plans");

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/account/access-denied", page.Headers.Location!.ToString());
    }

    [Fact]
    public async Task TheStripeWebhook_IsNotThereInTestMode()
    {
        using var client = portal.CreateClient();
        var payload = """{"id":"evt_1","object":"event","type":"checkout.session.completed"}""";

        using var response = await client.SendAsync(FakeStripeServer.SignedWebhook(payload));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
