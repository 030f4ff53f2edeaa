using Microsoft.Playwright;
using UcPortal.EndToEnd.Pages;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace UcPortal.EndToEnd;

public sealed class DestinationsAndRatesTests(PortalFixture portal, ITestOutputHelper output) : BrowserTest(portal, output)
{
    [Fact]
    public Task Customer_RecordsANumbersEmergencyAddress_AndStaffAllowPremiumAndEditRates() => RunAsync(async (page, shots) =>
    {
        var prospect = TestData.NewProspect();
        await TrialJourney.StartProvisionedTrialAsync(page, prospect);
        await Expect(page.Locator("#emergency-notice")).ToContainTextAsync("Emergency calls");
        await Expect(page.GetByText("No emergency address yet.")).ToBeVisibleAsync();
        await shots.TakeAsync("dashboard-no-address");

        await page.GotoAsync("/pbx/numbers");
        await page.GetByRole(AriaRole.Link, new() { Name = "Change", Exact = true }).First.ClickAsync();
        await page.GetByLabel("Emergency address").FillAsync("221B Baker Street, London NW1 6XE");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/pbx/numbers");
        await Expect(page.Locator("[data-emergency-address]").First).ToContainTextAsync("221B Baker Street");
        await shots.TakeAsync("numbers-with-address");

        var (staffPage, _) = await OpenStaffAdminAsync();
        var staffShots = shots.Of(staffPage);

        await staffPage.GotoAsync("/admin/rates");
        await staffPage.GetByLabel("Prefix (digits after +)").FillAsync("abc");
        await staffPage.GetByLabel("Destination").First.FillAsync("Nowhere");
        await staffPage.GetByLabel("Price per minute").First.FillAsync("0.01");
        await staffPage.GetByRole(AriaRole.Button, new() { Name = "Add rate" }).ClickAsync();
        await Expect(staffPage.Locator("[data-error-for=Prefix]")).ToContainTextAsync("Enter 1 to 15 digits");
        await staffShots.TakeAsync("rates-refused");
        await staffPage.GetByLabel("Prefix (digits after +)").FillAsync("346");
        await staffPage.GetByLabel("Destination").First.FillAsync("Spain mobile");
        await staffPage.GetByRole(AriaRole.Button, new() { Name = "Add rate" }).ClickAsync();
        await Expect(staffPage.Locator("tr[data-prefix='346']")).ToContainTextAsync("0.0100");
        await staffShots.TakeAsync("rates");

        var admin = new AdminTenantsPage(staffPage);
        await admin.GotoAsync();
        await admin.SearchAsync(prospect.Company);
        await admin.RowFor(prospect.Company).GetByRole(AriaRole.Link, new() { Name = prospect.Company }).ClickAsync();
        await Expect(staffPage.Locator("#numbers")).ToContainTextAsync("Emergency address: 221B Baker Street");
        await staffPage.GetByPlaceholder("Why this customer may call them (kept in the history)").FillAsync("Paid advice line, contract 4411");
        await staffPage.GetByRole(AriaRole.Button, new() { Name = "Allow", Exact = true }).ClickAsync();
        await Expect(new AdminTenantPage(staffPage).HistoryRows.First).ToContainTextAsync("Premium-rate and satellite destinations allowed");
        await staffShots.TakeAsync("tenant-premium-allowed");
    });
}
