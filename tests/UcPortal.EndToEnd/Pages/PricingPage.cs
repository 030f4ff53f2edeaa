using Microsoft.Playwright;

namespace UcPortal.EndToEnd.Pages;

public sealed class PricingPage(IPage page)
{
    public ILocator PlanCard(string planCode) => page.Locator($"[data-plan='{planCode}']");

    public async Task GotoAsync() => await page.GotoAsync("/pricing");

    public async Task<StartTrialPage> StartTrialWithPlanAsync(string planCode)
    {
        await PlanCard(planCode).GetByRole(AriaRole.Link).ClickAsync();
        await page.WaitForURLAsync($"**/trial?plan={planCode}");
        return new StartTrialPage(page);
    }
}
