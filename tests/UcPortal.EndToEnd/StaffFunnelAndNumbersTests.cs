using System.Text;
using Microsoft.Playwright;
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

        var (email, password, key) = await Portal.CreateStaffAdminAsync();
        var staffPage = await OpenBrowserAsync("staff");
        var staffShots = shots.Of(staffPage);
        var login = new LoginPage(staffPage);
        await login.GotoAsync();
        await login.LogInWithCodeAsync(email, password, key!);
        await staffPage.WaitForURLAsync("**/admin");

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
}
