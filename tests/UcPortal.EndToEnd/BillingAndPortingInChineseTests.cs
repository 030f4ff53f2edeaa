using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace UcPortal.EndToEnd;

/// <summary>The upgrade, its return page, the paid billing page and porting in Simplified Chinese for an owner
/// who switched language (decision 036): screenshots for a person to look at the layout with Chinese text.</summary>
public sealed class BillingAndPortingInChineseTests(PortalFixture portal, ITestOutputHelper output) : BrowserTest(portal, output)
{
    private static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"u8.ToArray();

    [Fact]
    public Task UpgradeBillingAndPorting_InChinese() => RunAsync(async (page, shots) =>
    {
        await TrialJourney.StartProvisionedTrialAsync(page, TestData.NewProspect());
        await page.GotoAsync("/billing/upgrade");
        await page.Locator("nav .language-switch button").ClickAsync();
        await page.WaitForURLAsync("**/billing/upgrade");
        await Expect(page.Locator("h1")).ToHaveTextAsync("选择套餐");
        await shots.TakeAsync("zh-upgrade");

        await page.Locator("label[for='plan-business']").ClickAsync();
        await page.Locator("#continue-to-payment").ClickAsync();
        await page.WaitForURLAsync("**/billing/test-checkout/tcs_*");
        await page.Locator("#test-pay").ClickAsync();
        await page.WaitForURLAsync("**/billing/return?checkout=*");
        await Expect(page.Locator("#checkout-status[data-outcome='activated'] h1")).ToHaveTextAsync("您已开通商务版");
        await shots.TakeAsync("zh-return-activated");

        await page.GotoAsync("/billing");
        await Expect(page.Locator("#change-plan")).ToContainTextAsync("个分机");
        await shots.TakeAsync("zh-billing-paid");

        await page.GotoAsync("/pbx/porting");
        await Expect(page.Locator("h1")).ToHaveTextAsync("携号转入");
        await page.Locator("#Form_Number").FillAsync($"+441614960{Random.Shared.Next(0, 700):D3}");
        await page.Locator("#Form_CurrentProvider").FillAsync("中国电信");
        await page.Locator("#Form_AccountNumber").FillAsync("CT-4455-9921");
        await page.Locator("#Form_WantedDate").FillAsync(NextBusinessDay(DateTime.UtcNow.Date.AddDays(10)).ToString("yyyy-MM-dd"));
        await page.Locator("#Form_Letter").SetInputFilesAsync(new FilePayload { Name = "授权书.pdf", MimeType = "application/pdf", Buffer = Pdf });
        await shots.TakeAsync("zh-porting-form");
        await page.Locator("#porting-submit").ClickAsync();
        await page.WaitForURLAsync("**/pbx/porting/*");
        await Expect(page.Locator("#flash")).ToContainTextAsync("的申请已提交");
        await shots.TakeAsync("zh-porting-request");
    });

    private static DateTime NextBusinessDay(DateTime day)
    {
        while (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            day = day.AddDays(1);
        }
        return day;
    }
}
