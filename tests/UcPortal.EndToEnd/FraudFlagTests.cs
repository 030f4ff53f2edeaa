using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using UcPortal.Data;
using UcPortal.Data.Entities;
using UcPortal.EndToEnd.Pages;
using UcPortal.Web.Features.Fraud;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace UcPortal.EndToEnd;

public sealed class FraudFlagTests(PortalFixture portal, ITestOutputHelper output) : BrowserTest(portal, output)
{
    [Fact]
    public Task AFlaggedTenantsDashboard_ShowsWhy_AndHowToReachSupport_UntilStaffClearTheFlag() => RunAsync(async (page, shots) =>
    {
        var prospect = TestData.NewProspect();
        var dashboard = await TrialJourney.StartProvisionedTrialAsync(page, prospect);
        await Expect(dashboard.FraudNotice).ToHaveCountAsync(0);

        // An autodialer's hour: 25 calls of 3 seconds to the trial's mobile, as the usage import stores them;
        // then the fraud sweep runs as its recurring job does.
        Guid tenantId;
        await using (var scope = Portal.App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var tenant = await db.Tenants.SingleAsync(t => t.Users.Any(u => u.Email == prospect.Email));
            tenantId = tenant.Id;
            for (var i = 0; i < 25; i++)
            {
                db.CallRecords.Add(new CallRecord
                {
                    TenantId = tenant.Id, SourceId = Random.Shared.NextInt64(1_000_000, long.MaxValue), CallId = Guid.NewGuid().ToString("N"),
                    Direction = CallDirection.Outbound, FromNumber = "100", ToNumber = tenant.VerifiedMobileE164,
                    StartedAtUtc = DateTime.UtcNow.AddMinutes(-20 + i / 2.0), DurationSeconds = 3, BilledSeconds = 60, Disposition = "answered",
                });
            }
            await db.SaveChangesAsync();
            await scope.ServiceProvider.GetRequiredService<FraudSweepJob>().RunAsync(CancellationToken.None);
        }

        await dashboard.GotoAsync();
        await Expect(dashboard.FraudNotice).ToContainTextAsync("Outbound calls are paused");
        await Expect(dashboard.FraudNotice).ToContainTextAsync("Many very short calls");
        await Expect(dashboard.FraudNotice).ToContainTextAsync("25 of 25 calls in the last hour lasted under 6 seconds");
        await Expect(dashboard.FraudNotice).ToContainTextAsync("emergency calls still work");
        await Expect(dashboard.FraudNotice.GetByRole(AriaRole.Link, new() { Name = "support@ucportal.test" })).ToHaveAttributeAsync("href", "mailto:support@ucportal.test");
        await shots.TakeAsync("dashboard-fraud-flag");

        var (staffPage, email) = await OpenStaffAdminAsync();
        var staffShots = shots.Of(staffPage);
        await staffPage.GotoAsync($"/admin/tenants/{tenantId}");
        var tenantPage = new AdminTenantPage(staffPage);
        await Expect(tenantPage.FraudFlag).ToContainTextAsync("Many very short calls");
        await Expect(tenantPage.HistoryRows.First).ToContainTextAsync("Flagged for fraud");
        await staffShots.TakeAsync("staff-tenant-fraud-flag");

        await tenantPage.ClearFraudFlagAsync("Called the customer: a one-off test campaign");
        await Expect(tenantPage.Notice).ToContainTextAsync("Fraud flag cleared");
        await Expect(tenantPage.NoFraudFlag).ToBeVisibleAsync();
        await Expect(tenantPage.HistoryRows.First).ToContainTextAsync("staff:" + email);
        await staffShots.TakeAsync("staff-tenant-fraud-cleared");

        await dashboard.GotoAsync();
        await Expect(dashboard.FraudNotice).ToHaveCountAsync(0);
    });
}
