using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using UcPortal.Data;
using UcPortal.EndToEnd.Pages;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace UcPortal.EndToEnd;

/// <summary>Conversion in the browser with the built-in test-mode payments (the embedded default):
/// a trial upgrades and becomes paid, or its card is declined and it stays a trial.</summary>
public sealed class BillingJourneyTests(PortalFixture portal, ITestOutputHelper output) : BrowserTest(portal, output)
{
    [Fact]
    public Task ATrialCustomer_UpgradesThroughTheTestModeCheckout_AndSeesThePaidPlanWithoutTheTrialBanner() => RunAsync(async (page, shots) =>
    {
        var dashboard = await TrialJourney.StartProvisionedTrialAsync(page, TestData.NewProspect());
        await Expect(dashboard.TrialBanner).ToBeVisibleAsync();
        await page.Locator("#banner-upgrade").ClickAsync();
        await page.WaitForURLAsync("**/billing/upgrade");

        var upgrade = new UpgradePage(page);
        await Expect(upgrade.TestModeNote).ToContainTextAsync("nobody is charged");
        await upgrade.ChooseAsync("business", 1);
        await Expect(upgrade.Total).ToHaveTextAsync("$51.50");
        await shots.TakeAsync("upgrade");

        var checkout = await upgrade.ContinueToPaymentAsync();
        await Expect(checkout.Banner).ToContainTextAsync("TEST MODE");
        await Expect(checkout.Total).ToHaveTextAsync("$51.50");
        await shots.TakeAsync("test-checkout");

        // The return page opened before paying (as when the provider's confirmation is slow) waits,
        // then updates by itself once the payment has gone through.
        var waiting = await OpenBrowserTabAsync(page, $"/billing/return?checkout={await CheckoutIdAsync(checkout.SessionId)}");
        var waitingPage = new CheckoutReturnPage(waiting);
        await Expect(waitingPage.Status).ToContainTextAsync("Activating your plan…");
        await shots.Of(waiting).TakeAsync("return-activating");

        var returned = await checkout.PayAsync();
        await Expect(returned.Activated).ToContainTextAsync("You're on Business");
        await shots.TakeAsync("return-activated");
        await Expect(waitingPage.Activated).ToContainTextAsync("You're on Business", new() { Timeout = 10_000 });

        await page.GetByRole(AriaRole.Link, new() { Name = "Go to the dashboard" }).ClickAsync();
        await page.WaitForURLAsync("**/dashboard");
        await Expect(page.Locator("main h1 + div")).ToContainTextAsync("Business");
        await Expect(dashboard.TrialBanner).ToHaveCountAsync(0);
        await Expect(page.Locator("#nav-upgrade")).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Link, new() { Name = "Billing", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/billing");
        var billing = new BillingPage(page);
        await Expect(billing.Plan).ToHaveTextAsync("Business");
        await Expect(billing.Status).ToHaveTextAsync("Active");
        await Expect(billing.Invoices).ToHaveCountAsync(1);
        await Expect(billing.Invoices.First).ToContainTextAsync("$51.50");
        await shots.TakeAsync("billing");

        await page.Locator("#manage-payment").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/billing/test-portal$"));
        await Expect(page.Locator("#test-mode-banner")).ToBeVisibleAsync();
        await shots.TakeAsync("test-portal");
    });

    [Fact]
    public Task ADeclinedPayment_SaysSoClearly_AndTheTenantStaysATrial() => RunAsync(async (page, shots) =>
    {
        var dashboard = await TrialJourney.StartProvisionedTrialAsync(page, TestData.NewProspect());
        await page.Locator("#nav-upgrade").ClickAsync();
        await page.WaitForURLAsync("**/billing/upgrade");

        var upgrade = new UpgradePage(page);
        // Nonsense first: the browser's own range check would stop it, so take that away to see what the server says.
        await upgrade.ChooseAsync("starter", 999);
        await page.EvalOnSelectorAsync("#extra-numbers", "e => e.removeAttribute('max')");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue to payment" }).ClickAsync();
        await Expect(page.Locator("[data-valmsg-for='Form.ExtraNumbers']")).ToContainTextAsync("between 0 and 50");
        await Expect(upgrade.Heading).ToBeVisibleAsync();
        await shots.TakeAsync("upgrade-bad-input");

        await upgrade.ChooseAsync("starter", 0);
        await Expect(upgrade.Total).ToHaveTextAsync("$19");
        var checkout = await upgrade.ContinueToPaymentAsync();
        var returned = await checkout.DeclineAsync();

        await Expect(returned.Declined).ToContainTextAsync("Your card was declined");
        await Expect(returned.Declined).ToContainTextAsync("You are still on the free trial, and nothing was charged.");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Try again" })).ToHaveAttributeAsync("href", "/billing/upgrade?plan=starter");
        await shots.TakeAsync("return-declined");

        await page.GetByRole(AriaRole.Link, new() { Name = "Back to the dashboard" }).ClickAsync();
        await page.WaitForURLAsync("**/dashboard");
        await Expect(dashboard.TrialBanner).ToBeVisibleAsync();
        await new BillingPage(page).GotoAsync();
        await Expect(new BillingPage(page).Status).ToHaveTextAsync("Free trial");
        await shots.TakeAsync("billing-trial");
    });

    private async Task<Guid> CheckoutIdAsync(string sessionId)
    {
        await using var scope = Portal.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        return await db.BillingCheckouts.Where(c => c.ProviderSessionId == sessionId).Select(c => c.Id).SingleAsync();
    }

    /// <summary>A second tab of the same browser context (same sign-in).</summary>
    private static async Task<IPage> OpenBrowserTabAsync(IPage page, string url)
    {
        var tab = await page.Context.NewPageAsync();
        await tab.GotoAsync(url);
        return tab;
    }
}
