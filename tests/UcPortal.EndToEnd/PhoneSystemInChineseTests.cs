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

    [Fact]
    public Task RingGroupsHoursMenusAndPhones_InChinese() => RunAsync(async (page, shots) =>
    {
        await TrialJourney.StartProvisionedTrialAsync(page, TestData.NewProspect());
        await page.GotoAsync("/pbx/ring-groups");
        await page.Locator("nav .language-switch button").ClickAsync();
        await page.WaitForURLAsync("**/pbx/ring-groups");
        await Expect(page.Locator("h1")).ToHaveTextAsync("振铃组");

        // A ring group saved with a mistake first: the message next to the field is in Chinese.
        await page.GotoAsync("/pbx/ring-groups/new");
        await page.Locator("#Number").FillAsync("150");
        await page.Locator("#Members").FillAsync("101, 101");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Expect(page.Locator("[data-valmsg-for='Members']")).ToHaveTextAsync("每个分机只能列出一次。");
        await shots.TakeAsync("zh-ring-group-refused");
        await page.Locator("#Name").FillAsync("销售部");
        await page.Locator("#Members").FillAsync("101, 102");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Expect(page.Locator("#ring-groups")).ToContainTextAsync("销售部");
        await shots.TakeAsync("zh-ring-groups");

        await page.GotoAsync("/pbx/schedules/new");
        await page.Locator("#Name").FillAsync("办公时间");
        await page.Locator("input[name='Ranges[0].From']").FillAsync("09:00");
        await page.Locator("input[name='Ranges[0].To']").FillAsync("18:00");
        await page.Locator("#Holidays").FillAsync("2026-10-01 国庆节");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Expect(page.Locator("#schedules")).ToContainTextAsync("国庆节");
        await shots.TakeAsync("zh-business-hours");

        await page.GotoAsync("/pbx/auto-attendants/new");
        await Expect(page.Locator("#PromptText")).ToHaveValueAsync("感谢您的来电。销售请按 1，技术支持请按 2。");
        await shots.TakeAsync("zh-auto-attendant-new");

        await page.GotoAsync("/pbx/changes");
        await Expect(page.Locator("#changes")).ToContainTextAsync("已添加振铃组 150");
        await shots.TakeAsync("zh-changes");

        await page.GotoAsync("/pbx/phones");
        await Expect(page.Locator("h1")).ToHaveTextAsync("桌面话机");
        await shots.TakeAsync("zh-desk-phones");
    });
}
