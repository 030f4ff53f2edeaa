using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace UcPortal.EndToEnd;

/// <summary>The portal in English and Simplified Chinese (decision 036): the switch in the header,
/// the choice kept from page to page, and screenshots of the main pages in both languages for a
/// person to look at (TestResults/screenshots/TheMainPages_InBothLanguages/).</summary>
public sealed class LanguageTests(PortalFixture portal, ITestOutputHelper output) : BrowserTest(portal, output)
{
    [Fact]
    public Task TheMainPages_InBothLanguages() => RunAsync(async (page, shots) =>
    {
        string[] pages = ["/", "/pricing", "/help", "/help/make-your-first-test-call", "/help/search?q=%E8%AF%95%E7%94%A8%E7%BB%93%E6%9D%9F", "/account/login"];
        foreach (var url in pages)
        {
            await page.GotoAsync(url);
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
            await shots.TakeAsync("en" + Name(url));
        }

        // The switch in the header: the same page comes back in Chinese, and the next pages stay Chinese.
        await page.GotoAsync("/");
        await page.Locator("nav .language-switch button").ClickAsync();
        await page.WaitForURLAsync("**/");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Expect(page.Locator("h1")).ToHaveTextAsync("您的企业电话系统，部署在云端，今天就能用。");
        foreach (var url in pages)
        {
            await page.GotoAsync(url);
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
            await shots.TakeAsync("zh" + Name(url));
        }

        // And back, from the footer.
        await page.GotoAsync("/pricing");
        await page.Locator("footer .language-switch button").ClickAsync();
        await page.WaitForURLAsync("**/pricing");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Pricing");
    });

    private static string Name(string url) => url == "/" ? "-home" : "-" + url.Trim('/').Split('?')[0].Replace('/', '-');
}
