using Microsoft.Playwright;

namespace UcPortal.EndToEnd.Pages;

/// <summary>/billing/upgrade: a plan, extra numbers, the monthly total, "Continue to payment".</summary>
public sealed class UpgradePage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Choose your plan" });

    public ILocator Total => page.Locator("#upgrade-total");

    public ILocator TestModeNote => page.Locator("#test-mode-note");

    public async Task ChooseAsync(string planCode, int extraNumbers)
    {
        await page.Locator($"label[for='plan-{planCode}']").ClickAsync();
        await page.FillAsync("#extra-numbers", extraNumbers.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public async Task<TestCheckoutPage> ContinueToPaymentAsync()
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue to payment" }).ClickAsync();
        await page.WaitForURLAsync("**/billing/test-checkout/tcs_*");
        return new TestCheckoutPage(page);
    }
}

/// <summary>The test-mode provider's checkout page: plainly marked, "Pay" and "Decline".</summary>
public sealed class TestCheckoutPage(IPage page)
{
    public ILocator Banner => page.Locator("#test-mode-banner");

    public ILocator Total => page.Locator("#checkout-total");

    /// <summary>The session id, the last segment of the page's address.</summary>
    public string SessionId => new Uri(page.Url).Segments[^1];

    public async Task<CheckoutReturnPage> PayAsync()
    {
        await page.Locator("#test-pay").ClickAsync();
        await page.WaitForURLAsync("**/billing/return?checkout=*");
        return new CheckoutReturnPage(page);
    }

    public async Task<CheckoutReturnPage> DeclineAsync()
    {
        await page.Locator("#test-decline").ClickAsync();
        await page.WaitForURLAsync("**/billing/return?checkout=*");
        return new CheckoutReturnPage(page);
    }
}

/// <summary>/billing/return: "activating" (polling by itself), then the plan, or why the payment failed.</summary>
public sealed class CheckoutReturnPage(IPage page)
{
    public ILocator Status => page.Locator("#checkout-status");

    public ILocator Activated => page.Locator("#checkout-status[data-outcome='activated']");

    public ILocator Declined => page.Locator("#checkout-status[data-outcome='declined']");
}

/// <summary>/billing: plan, status, renewal, invoices and the changes a paying customer makes.</summary>
public sealed class BillingPage(IPage page)
{
    public ILocator Plan => page.Locator("#billing-plan");

    public ILocator Status => page.Locator("#billing-status");

    public ILocator Invoices => page.Locator("#invoices tbody tr");

    public async Task GotoAsync() => await page.GotoAsync("/billing");
}
