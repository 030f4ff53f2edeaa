using System.Text.Json;
using Microsoft.Playwright;
using UcPortal.EndToEnd.Pages;
using UglyToad.PdfPig;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace UcPortal.EndToEnd;

/// <summary>A prospect compares costs at /compare, reads the chart, asks for the report, confirms it
/// from the mailbox, opens the PDF and starts a trial from its link with the form filled in.</summary>
public sealed class CostComparisonJourneyTests(PortalFixture portal, ITestOutputHelper output) : BrowserTest(portal, output)
{
    [Fact]
    public Task Prospect_ComparesCosts_GetsThePdfReport_AndStartsATrialFromItsLink() => RunAsync(async (page, shots) =>
    {
        await page.GotoAsync("/pricing");
        await page.Locator("#compare-link").ClickAsync();
        await page.WaitForURLAsync("**/compare");

        // The hand-worked case of CostModelTests: on-premise 20,700, hosted 3,814, SIP trunks 11,914.
        var fields = new Dictionary<string, string>
        {
            ["Seats"] = "-3", ["Lines"] = "4", ["Sites"] = "1", ["MonthlyBillPerSite"] = "300", ["PbxAgeYears"] = "3",
            ["PbxPurchasePrice"] = "6000", ["MaintenancePercent"] = "15", ["ItHoursPerMonth"] = "4", ["GrowthPercentPerYear"] = "0",
            ["Assumptions_it-hourly-rate"] = "50", ["Assumptions_pbx-cost-per-site"] = "3000", ["Assumptions_pbx-licence-per-seat"] = "100",
            ["Assumptions_pbx-lifetime-years"] = "8", ["Assumptions_minutes-per-seat"] = "300", ["Assumptions_price-per-extra-minute"] = "0.02",
            ["Assumptions_switching-cost-per-site"] = "250", ["Assumptions_hosted-it-share"] = "25",
        };
        foreach (var (id, value) in fields)
        {
            await page.Locator($"[id='Form_{id}']").FillAsync(value);
        }
        await page.Locator("#Form_CurrentPbx_onpremise").CheckAsync();
        await page.Locator("#compare-button").ClickAsync();
        await Expect(page.Locator("[data-error-for='Seats']")).ToHaveTextAsync("Enter a number of 0 or more.");
        await Expect(page.Locator("#results")).ToHaveCountAsync(0);

        await page.Locator("#Form_Seats").FillAsync("10");
        await page.Locator("#compare-button").ClickAsync();
        await Expect(page.Locator("[data-total='on-premise']")).ToHaveTextAsync("$20,700");
        await Expect(page.Locator("[data-total='hosted']")).ToHaveTextAsync("$3,814");
        await Expect(page.Locator("[data-total='sip-trunks']")).ToHaveTextAsync("$11,914");
        await Expect(page.Locator("#break-even")).ToContainTextAsync("from the first month");

        // The chart as Chart.js drew it: each line's last point is the option's three-year total.
        var lines = await page.Locator("#compare-chart").EvaluateAsync<JsonElement>(
            "c => Chart.getChart(c).data.datasets.map(d => ({ label: d.label, last: d.data[d.data.length - 1], points: d.data.length }))");
        var chart = lines.EnumerateArray().ToDictionary(d => d.GetProperty("label").GetString()!, d => (d.GetProperty("last").GetDecimal(), d.GetProperty("points").GetInt32()));
        Assert.Equal((20700m, 36), chart["On-premise PBX"]);
        Assert.Equal((3814m, 36), chart["Hosted PBX"]);
        Assert.Equal((11914m, 36), chart["SIP trunks"]);
        await page.Locator("#compare-chart").ScrollIntoViewIfNeededAsync();
        await shots.TakeAsync("comparison");

        var email = $"dana-{Guid.NewGuid():N}"[..14] + "@acme-dental.test";
        await page.Locator("#Form_FullName").FillAsync("Dana Prospect");
        await page.Locator("#Form_Company").FillAsync("Acme Dental");
        await page.Locator("#Form_Email").FillAsync(email);
        await page.Locator("#report-button").ClickAsync();
        await Expect(page.Locator("#report-requested")).ToContainTextAsync(email);
        await shots.TakeAsync("report-asked");

        var mailbox = new MailboxPage(page);
        await mailbox.GotoAsync(email);
        await mailbox.OpenAsync(email, "comparison-confirm");
        await page.Locator("#mail-links a[href*='/compare/report/']").ClickAsync();
        await page.Locator("#send-report").ClickAsync();
        await Expect(page.Locator("#report-status")).ToContainTextAsync($"Your report is on its way to {email}");

        await mailbox.GotoAsync(email);
        await mailbox.OpenAsync(email, "comparison-report");
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#mail-attachment").ClickAsync());
        Assert.Equal("cost-comparison-acme-dental.pdf", download.SuggestedFilename);
        var pdfPath = Path.Combine(shots.Folder, "report.pdf");
        Directory.CreateDirectory(shots.Folder);
        await download.SaveAsAsync(pdfPath);
        using (var pdf = PdfDocument.Open(await File.ReadAllBytesAsync(pdfPath)))
        {
            var text = string.Join("\n", pdf.GetPages().Select(p => p.Text));
            Assert.Contains("Cost comparison for Acme Dental", text);
            Assert.Contains("$20,700", text);
            Assert.Contains("$3,814", text);
            Assert.Contains("$11,914", text);
            Assert.Contains("from the first month", text);
        }
        await shots.TakeAsync("report-email");

        await page.Locator("#mail-links a[href*='/trial?report=']").First.ClickAsync();
        await page.WaitForURLAsync("**/trial?report=*");
        await Expect(page.Locator("#Form_FullName")).ToHaveValueAsync("Dana Prospect");
        await Expect(page.Locator("#Form_Company")).ToHaveValueAsync("Acme Dental");
        await Expect(page.Locator("#Form_Email")).ToHaveValueAsync(email);
        await shots.TakeAsync("trial-form-filled");
    });
}
