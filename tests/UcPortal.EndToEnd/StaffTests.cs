using Microsoft.Playwright;
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

        // The customer's page: state, history with causes, and the staff actions.
        await admin.RowFor(prospect.Company).GetByRole(AriaRole.Link, new() { Name = prospect.Company }).ClickAsync();
        var tenant = new AdminTenantPage(staffPage);
        await Expect(tenant.Status).ToHaveTextAsync("Trial");
        await Expect(tenant.HistoryRows.First).ToContainTextAsync("job:trial-provisioning");
        await staffShots.TakeAsync("staff-tenant");

        await tenant.SuspendAsync("Checking a fraud report");
        await Expect(tenant.Notice).ToContainTextAsync("Suspended: calls and registrations are refused");
        await Expect(tenant.Status).ToContainTextAsync("Suspended · Staff");
        await Expect(tenant.HistoryRows.First).ToContainTextAsync("Checking a fraud report");
        await Expect(tenant.HistoryRows.First).ToContainTextAsync("staff:" + email);
        await staffShots.TakeAsync("staff-tenant-suspended");

        await tenant.ResumeAsync();
        await Expect(tenant.Status).ToHaveTextAsync("Trial");
        await tenant.ExtendTrialAsync(10);
        await Expect(tenant.Notice).ToContainTextAsync("Trial extended: it now ends");
        await staffShots.TakeAsync("staff-tenant-extended");
    });
}
