using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using UcPortal.Data;
using UcPortal.Web.Features.Lifecycle;
using UcPortal.EndToEnd.Pages;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace UcPortal.EndToEnd;

public sealed class StaffFunnelAndNumbersTests(PortalFixture portal, ITestOutputHelper output) : BrowserTest(portal, output)
{
    [Fact]
    public Task Staff_SeeTheFunnelChart_AndImportNumbers_AfterABadFileIsReportedLineByLine() => RunAsync(async (page, shots) =>
    {
        // A provisioned trial, so this week's cohort has a signup that reached "provisioned".
        await TrialJourney.StartProvisionedTrialAsync(page, TestData.NewProspect());

        var (staffPage, _) = await OpenStaffAdminAsync();
        var staffShots = shots.Of(staffPage);

        await staffPage.GetByRole(AriaRole.Button, new() { Name = "Sales" }).ClickAsync();
        await staffPage.GetByRole(AriaRole.Link, new() { Name = "Trial funnel" }).ClickAsync();
        await staffPage.WaitForURLAsync("**/admin/funnel");
        await Expect(staffPage.Locator("#funnel-totals [data-step='2']")).Not.ToHaveTextAsync("0");
        await Expect(staffPage.Locator("#median-first-call")).ToContainTextAsync("Median time from provisioning to the first call");
        // Chart.js drew the chart: it sizes the canvas to its box (a canvas it never touched stays 300 × 150).
        await Expect(staffPage.Locator("#funnel-chart")).ToBeVisibleAsync();
        await staffPage.WaitForFunctionAsync("() => window.Chart && window.Chart.getChart(document.getElementById('funnel-chart'))?.data.datasets.length === 6");
        await staffShots.TakeAsync("funnel");

        var block = Random.Shared.Next(100_000, 999_999);
        var city = "Playville " + block;
        string Row(int i, string pool = "paid", string cost = "1.50") => $"+8828{block}{i:000},GB,England,{city},local,{pool},{cost}";
        var bad = new StringBuilder("e164,country,region,city,type,pool,monthly_cost\n")
            .AppendLine(Row(1)).AppendLine("12345,GB,England,Leeds,local,paid,1.00").AppendLine(Row(2, pool: "gold")).AppendLine(Row(1)).ToString();
        await staffPage.GetByRole(AriaRole.Link, new() { Name = "Numbers", Exact = true }).ClickAsync();
        await staffPage.GetByRole(AriaRole.Link, new() { Name = "Import from CSV" }).ClickAsync();
        await staffPage.GetByLabel("CSV file").SetInputFilesAsync(new FilePayload { Name = "numbers-bad.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(bad) });
        await staffPage.GetByRole(AriaRole.Button, new() { Name = "Import", Exact = true }).ClickAsync();
        await Expect(staffPage.Locator("#import-error")).ToContainTextAsync("3 lines are bad in numbers-bad.csv: nothing was imported.");
        await Expect(staffPage.Locator("#bad-lines tr[data-line]")).ToHaveCountAsync(3);
        await Expect(staffPage.Locator("tr[data-line='3']")).ToContainTextAsync("is not an E.164 number");
        await Expect(staffPage.Locator("tr[data-line='4']")).ToContainTextAsync("not trial or paid");
        await Expect(staffPage.Locator("tr[data-line='5']")).ToContainTextAsync("already on line 2 of this file");
        await staffShots.TakeAsync("import-refused");

        var good = "e164,country,region,city,type,pool,monthly_cost\n" + string.Join("\n", Enumerable.Range(1, 12).Select(i => Row(i, i % 3 == 0 ? "trial" : "paid")));
        await staffPage.GetByLabel("CSV file").SetInputFilesAsync(new FilePayload { Name = "numbers-good.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(good) });
        await staffPage.GetByRole(AriaRole.Button, new() { Name = "Import", Exact = true }).ClickAsync();
        await staffPage.WaitForURLAsync("**/admin/numbers");
        await Expect(staffPage.GetByRole(AriaRole.Status)).ToContainTextAsync("12 numbers imported from numbers-good.csv.");
        await staffPage.GotoAsync("/admin/numbers?country=GB&city=" + Uri.EscapeDataString(city));
        await Expect(staffPage.Locator("#numbers tr[data-number]")).ToHaveCountAsync(12);
        await staffShots.TakeAsync("numbers-imported");
    });

    [Fact]
    public Task AnExpiredTrial_SaysWhyWithOneClick_AndStaffFollowItUp() => RunAsync(async (page, shots) =>
    {
        var prospect = TestData.NewProspect();
        await TrialJourney.StartProvisionedTrialAsync(page, prospect);
        await using (var scope = Portal.App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            await db.Tenants.Where(t => t.Name == prospect.Company).ExecuteUpdateAsync(s => s.SetProperty(t => t.TrialExpiresAtUtc, DateTime.UtcNow.AddMinutes(-1)));
            await scope.ServiceProvider.GetRequiredService<TrialExpiryJob>().RunAsync(CancellationToken.None);
        }

        await page.GotoAsync("/billing");
        await Expect(page.Locator("#trial-exit-question")).ToBeVisibleAsync();
        await shots.TakeAsync("billing-asks-why");
        await page.GetByRole(AriaRole.Link, new() { Name = "Too hard to set up" }).ClickAsync();
        await Expect(page.Locator("#feedback-recorded")).ToContainTextAsync("we recorded \"Too hard to set up\"");
        await page.GetByLabel("Anything to add? (optional)").FillAsync("Our desk phones never registered behind the office firewall.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Expect(page.Locator("#feedback-recorded")).ToContainTextAsync("your answer and your comment are recorded");
        await shots.TakeAsync("feedback-sent");

        var (staffPage, email) = await OpenStaffAdminAsync();
        var staffShots = shots.Of(staffPage);
        await staffPage.GetByRole(AriaRole.Button, new() { Name = "Sales" }).ClickAsync();
        await staffPage.GetByRole(AriaRole.Link, new() { Name = "Trial follow-ups" }).ClickAsync();
        var row = staffPage.Locator("#follow-ups tr[data-follow-up]", new() { HasText = prospect.Company });
        await Expect(row).ToContainTextAsync("Too hard to set up");
        await Expect(row).ToContainTextAsync("behind the office firewall");
        await row.GetByRole(AriaRole.Link, new() { Name = "Edit" }).ClickAsync();
        await staffPage.GetByLabel("Assigned to").SelectOptionAsync(new SelectOptionValue { Label = $"Support Desk ({email})" });
        await staffPage.GetByLabel("Follow up on").FillAsync(DateTime.UtcNow.ToString("yyyy-MM-dd"));
        await staffPage.GetByLabel("Notes").FillAsync("Offer a setup call with an engineer.");
        await staffPage.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await staffPage.WaitForURLAsync("**/admin/follow-ups");
        await Expect(row).ToContainTextAsync("due");
        await Expect(row).ToContainTextAsync("Offer a setup call");
        await staffShots.TakeAsync("follow-ups");
    });
}
