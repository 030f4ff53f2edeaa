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

    [Fact]
    public Task TheSignupAndTheDashboard_InChinese() => RunAsync(async (page, shots) =>
    {
        await page.GotoAsync("/trial");
        await page.Locator("nav .language-switch button").ClickAsync();
        await page.WaitForURLAsync("**/trial");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Expect(page.Locator("h1")).ToHaveTextAsync("开始免费试用");

        var prospect = TestData.NewProspect();
        await new Pages.StartTrialPage(page).FillAsync(prospect);
        await page.Locator("#trial-choose-number summary").ClickAsync();
        await page.Locator("#trial-search-button").ClickAsync();
        await Expect(page.Locator("#trial-results")).ToBeVisibleAsync();
        await shots.TakeAsync("zh-trial-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "开始我的免费试用" }).ClickAsync();
        await page.WaitForURLAsync("**/trial/check-email");
        await Expect(page.Locator("h1")).ToHaveTextAsync("请查收邮件");

        var mailbox = new Pages.MailboxPage(page);
        await mailbox.GotoAsync(prospect.Email);
        await mailbox.OpenAsync(prospect.Email, "confirm-email");
        var verify = await mailbox.FollowConfirmationLinkAsync();
        var code = await mailbox.ReadMobileCodeAsync(prospect.MobileE164);
        await verify.GotoAsync();
        await shots.TakeAsync("zh-verify-mobile");
        await verify.Code.FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "验证并开始试用" }).ClickAsync();
        await page.WaitForURLAsync("**/dashboard");
        await new Pages.DashboardPage(page).WaitForQuickStartAsync(TrialJourney.ProvisioningTimeoutMs);
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Expect(page.Locator("#tenant-status")).ToHaveTextAsync("可以通话");
        await shots.TakeAsync("zh-dashboard");
    });

    private static string Name(string url) => url == "/" ? "-home" : "-" + url.Trim('/').Split('?')[0].Replace('/', '-');
}
