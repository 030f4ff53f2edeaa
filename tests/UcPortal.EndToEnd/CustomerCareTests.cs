using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using UcPortal.Data;
using UcPortal.EndToEnd.Pages;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace UcPortal.EndToEnd;

/// <summary>Support's customer page ("customer 360") in a real browser: found by phone number, a
/// confirmed action, the result on the cards and in the timeline, and "view as customer".</summary>
public sealed class CustomerCareTests(PortalFixture portal, ITestOutputHelper output) : BrowserTest(portal, output)
{
    [Fact]
    public Task Staff_SignsInWithTwoFactor_FindsACustomerByPhoneNumber_ExtendsTheTrial_AndSeesTheNewExpiryAndTheTimelineEntry() => RunAsync(async (page, shots) =>
    {
        var prospect = TestData.NewProspect();
        await TrialJourney.StartProvisionedTrialAsync(page, prospect);
        string trialNumber;
        DateTime trialEnds;
        await using (var scope = Portal.App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var tenant = await db.Tenants.AsNoTracking().SingleAsync(t => t.Users.Any(u => u.Email == prospect.Email));
            trialEnds = tenant.TrialExpiresAtUtc!.Value;
            trialNumber = await db.PhoneNumbers.Where(n => n.TenantId == tenant.Id).Select(n => n.E164).SingleAsync();
        }
        var (staffPage, email) = await OpenStaffAdminAsync();
        var staffShots = shots.Of(staffPage);

        // The number as a caller would write it, with spaces, brackets and a dash (the search's
        // default country is GB, so a US number comes with its +1).
        var national = trialNumber.StartsWith("+1", StringComparison.Ordinal)
            ? $"+1 ({trialNumber[2..5]}) {trialNumber[5..8]}-{trialNumber[8..]}"
            : trialNumber;
        var admin = new AdminTenantsPage(staffPage);
        await admin.SearchAsync(national);
        await Expect(admin.Rows).ToHaveCountAsync(1);
        await Expect(admin.RowFor(prospect.Company)).ToBeVisibleAsync();
        await admin.RowFor(prospect.Company).GetByRole(AriaRole.Link, new() { Name = prospect.Company }).ClickAsync();

        var tenantPage = new AdminTenantPage(staffPage);
        await Expect(tenantPage.Status).ToHaveTextAsync("Trial");
        await Expect(tenantPage.Expiry).ToHaveTextAsync(trialEnds.ToString("d MMM yyyy"));
        await Expect(staffPage.Locator("#extensions li")).ToHaveCountAsync(3);
        await Expect(staffPage.Locator("#emails")).ToContainTextAsync("trial is ready");
        await staffShots.TakeAsync("customer-360");

        await tenantPage.ExtendTrialAsync(10);

        var newEnd = trialEnds.AddDays(10);
        await Expect(tenantPage.Notice).ToContainTextAsync($"Trial extended: it now ends {newEnd:yyyy-MM-dd HH:mm} UTC");
        await Expect(tenantPage.Expiry).ToHaveTextAsync(newEnd.ToString("d MMM yyyy"));
        await Expect(tenantPage.TrialEnds).ToContainTextAsync(newEnd.ToString("yyyy-MM-dd HH:mm"));
        var entry = tenantPage.HistoryRows.First;
        await Expect(entry).ToContainTextAsync("Trial extended by 10 day(s)");
        await Expect(entry).ToContainTextAsync("staff:" + email);
        await Expect(entry.Locator("[data-staff-action]")).ToHaveTextAsync("tenant.extend-trial");
        await staffShots.TakeAsync("customer-360-extended");

        // View as customer: the customer's dashboard under a banner, read-only, then back.
        await tenantPage.ViewAsCustomerAsync();
        await staffPage.WaitForURLAsync("**/dashboard");
        await Expect(staffPage.Locator("#view-as-banner")).ToContainTextAsync("Viewing as " + prospect.Company);
        await staffShots.TakeAsync("view-as-customer");
        await staffPage.GetByRole(AriaRole.Button, new() { Name = "Stop viewing as customer" }).ClickAsync();
        await staffPage.WaitForURLAsync("**/admin/tenants/*");
        await Expect(staffPage.Locator("#view-as-banner")).ToHaveCountAsync(0);
        await Expect(tenantPage.HistoryRows.First).ToContainTextAsync("tenant.view-as-stopped");
    });
}
