using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace UcPortal.EndToEnd;

/// <summary>The phone-system pages in Simplified Chinese for a trial owner who switched language (decision 036).</summary>
public sealed class PhoneSystemInChineseTests(PortalFixture portal, ITestOutputHelper output) : BrowserTest(portal, output)
{
    [Fact]
    public Task ExtensionsAndNumbers_InChinese() => RunAsync(async (page, shots) =>
    {
        await TrialJourney.StartProvisionedTrialAsync(page, TestData.NewProspect());
        await page.GotoAsync("/pbx/extensions");
        await page.Locator("nav .language-switch button").ClickAsync();
        await page.WaitForURLAsync("**/pbx/extensions");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Expect(page.Locator("h1")).ToHaveTextAsync("分机");
        await shots.TakeAsync("zh-extensions");

        await page.Locator("tr[data-extension='101']").GetByRole(AriaRole.Link, new() { Name = "编辑" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("分机 101");
        await shots.TakeAsync("zh-extension-edit");

        await page.GotoAsync("/pbx/numbers");
        await Expect(page.Locator("h1")).ToHaveTextAsync("号码");
        await shots.TakeAsync("zh-numbers");
    });
}
