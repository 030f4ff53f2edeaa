using Microsoft.Playwright;

namespace UcPortal.EndToEnd.Pages;

/// <summary>/trial/verify-mobile: the code texted to the mobile, after the email link.</summary>
public sealed class VerifyMobilePage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Verify your mobile number" });

    public ILocator Code => page.Locator("#code");

    public ILocator CodeMessage => page.Locator("form [data-valmsg-for='Code']");

    public async Task GotoAsync() => await page.GotoAsync("/trial/verify-mobile");

    public async Task SubmitAsync(string code)
    {
        await Code.FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify and start my trial" }).ClickAsync();
    }

    /// <summary>Enters the right code; the portal goes on to the dashboard (provisioning, or the review notice).</summary>
    public async Task<DashboardPage> EnterCodeAsync(string code)
    {
        await SubmitAsync(code);
        await page.WaitForURLAsync("**/dashboard");
        return new DashboardPage(page);
    }
}
