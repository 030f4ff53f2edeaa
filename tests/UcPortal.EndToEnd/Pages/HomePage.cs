using Microsoft.Playwright;

namespace UcPortal.EndToEnd.Pages;

public sealed class HomePage(IPage page)
{
    public ILocator Heading => page.Locator("main h1");

    /// <summary>The hero's call to action (the navigation bar has one too).</summary>
    public ILocator StartTrialLink => page.Locator("main").GetByRole(AriaRole.Link, new() { Name = "Start free trial", Exact = true }).First;

    public async Task GotoAsync() => await page.GotoAsync("/");

    public async Task<PricingPage> OpenPricingAsync()
    {
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Pricing" }).ClickAsync();
        await page.WaitForURLAsync("**/pricing");
        return new PricingPage(page);
    }
}
