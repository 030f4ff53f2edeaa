using UcPortal.EndToEnd.Pages;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace UcPortal.EndToEnd;

public sealed class StaffTests(PortalFixture portal, ITestOutputHelper output) : BrowserTest(portal, output)
{
    [Fact]
    public Task Staff_LogsIn_AndFindsTheNewTenant() => RunAsync(async (page, shots) =>
    {
        var prospect = TestData.NewProspect();
        await TrialJourney.StartProvisionedTrialAsync(page, prospect);
        var (email, password) = await Portal.CreateStaffAdminAsync();

        // The staff member works in a browser of their own, not in the customer's session.
        var staffPage = await OpenBrowserAsync("staff");
        var staffShots = shots.Of(staffPage);

        var login = new LoginPage(staffPage);
        await login.GotoAsync();
        await login.LogInAsync(email, password);
        await staffPage.WaitForURLAsync("**/admin");
        var admin = new AdminTenantsPage(staffPage);
        await Expect(admin.Heading).ToBeVisibleAsync();
        await staffShots.TakeAsync("staff-list");

        await admin.SearchAsync(prospect.Company);
        await Expect(admin.Rows).ToHaveCountAsync(1);
        await Expect(admin.RowFor(prospect.Company)).ToContainTextAsync(prospect.Email);
        await Expect(admin.RowFor(prospect.Company)).ToContainTextAsync("Trial");
        await staffShots.TakeAsync("staff-search-result");
    });
}
