using Microsoft.Playwright;
using UcPortal.EndToEnd.Pages;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace UcPortal.EndToEnd;

public sealed class PortingJourneyTests(PortalFixture portal, ITestOutputHelper output) : BrowserTest(portal, output)
{
    private static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"u8.ToArray();

    [Fact]
    public Task ATenantBringsANumber_StaffAskAndComplete_AndTheNumberIsOnTheNumbersPage() => RunAsync(async (page, shots) =>
    {
        var prospect = TestData.NewProspect();
        await TrialJourney.StartProvisionedTrialAsync(page, prospect);

        // A trial reads that porting comes with the paid plans, and upgrades from there.
        await page.GotoAsync("/pbx/extensions");
        await page.GetByRole(AriaRole.Link, new() { Name = "Bring a number" }).ClickAsync();
        await page.WaitForURLAsync("**/pbx/porting");
        await Expect(page.Locator("#porting-not-available")).ToContainTextAsync("part of the paid plans");
        await shots.TakeAsync("trial-porting");
        await page.Locator("#porting-upgrade").ClickAsync();
        await page.WaitForURLAsync("**/billing/upgrade");
        var upgrade = new UpgradePage(page);
        await upgrade.ChooseAsync("business", 0);
        var checkout = await upgrade.ContinueToPaymentAsync();
        await Expect((await checkout.PayAsync()).Activated).ToContainTextAsync("You're on Business");

        // The request, with the signed letter.
        var e164 = $"+441614960{Random.Shared.Next(700, 1000):D3}";
        var date = NextBusinessDay(DateTime.UtcNow.Date.AddDays(10));
        await page.GotoAsync("/pbx/porting");
        await page.GetByLabel("Number to bring").FillAsync(e164);
        await page.GetByLabel("Current provider").FillAsync("Old Telecom plc");
        await page.GetByLabel("Account number there").FillAsync("OT-4455-9921");
        await page.GetByLabel("Authorised name").FillAsync(prospect.FullName);
        await page.GetByLabel("Wanted date").FillAsync(date.ToString("yyyy-MM-dd"));
        await page.GetByLabel("Signed letter of authorisation").SetInputFilesAsync(new FilePayload { Name = "letter-of-authorisation.pdf", MimeType = "application/pdf", Buffer = Pdf });
        await shots.TakeAsync("porting-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send the request" }).ClickAsync();
        await page.WaitForURLAsync("**/pbx/porting/*");
        var requestUrl = new Uri(page.Url).AbsolutePath;
        var id = requestUrl.Split('/').Last();
        await Expect(page.Locator("#porting-status")).ToHaveAttributeAsync("data-status", "Submitted");
        await Expect(page.Locator("#flash")).ToContainTextAsync("is submitted");
        await shots.TakeAsync("porting-submitted");

        // Staff find it in the queue and ask for more.
        var (staffPage, _) = await OpenStaffAdminAsync();
        var staffShots = shots.Of(staffPage);
        await staffShots.TakeAsync("staff-nav");
        await staffPage.GetByRole(AriaRole.Link, new() { Name = "Porting", Exact = true }).ClickAsync();
        var row = staffPage.Locator($"#porting-queue tr[data-porting='{id}']");
        await Expect(row).ToContainTextAsync(prospect.Company);
        await staffShots.TakeAsync("staff-queue");
        await row.Locator("a[href='/admin/porting/" + id + "']").ClickAsync();
        await Expect(staffPage.Locator("#letter-link")).ToContainTextAsync("letter-of-authorisation.pdf");
        await staffPage.GetByLabel("The customer reads this and answers in the portal").FillAsync("The letter must carry the date it was signed. Please confirm the date.");
        await staffPage.GetByRole(AriaRole.Button, new() { Name = "Ask the customer" }).ClickAsync();
        await Expect(staffPage.Locator("#porting-status")).ToHaveAttributeAsync("data-status", "InformationNeeded");
        await staffShots.TakeAsync("staff-asked");

        // The tenant answers.
        await page.ReloadAsync();
        await Expect(page.Locator("#staff-question")).ToContainTextAsync("carry the date it was signed");
        await page.GetByLabel("Your answer").FillAsync("It was signed on 1 December; a dated copy is attached.");
        await page.GetByLabel("A new letter of authorisation, if we asked for one").SetInputFilesAsync(new FilePayload { Name = "dated-letter.pdf", MimeType = "application/pdf", Buffer = Pdf });
        await shots.TakeAsync("porting-answer");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send the answer" }).ClickAsync();
        await Expect(page.Locator("#porting-status")).ToHaveAttributeAsync("data-status", "Submitted");

        // Staff set the date and complete.
        await staffPage.ReloadAsync();
        await Expect(staffPage.Locator("#tenant-answer")).ToContainTextAsync("signed on 1 December");
        await Expect(staffPage.Locator("#letter-link")).ToContainTextAsync("dated-letter.pdf");
        await staffPage.Locator("#portDate").FillAsync(date.ToString("yyyy-MM-dd"));
        await staffPage.GetByRole(AriaRole.Button, new() { Name = "Set the date and tell the customer" }).ClickAsync();
        await Expect(staffPage.Locator("#porting-status")).ToHaveAttributeAsync("data-status", "DateSet");
        await staffShots.TakeAsync("staff-date-set");
        staffPage.Dialog += (_, dialog) => dialog.AcceptAsync();
        await staffPage.GetByRole(AriaRole.Button, new() { Name = "Complete: the number has moved" }).ClickAsync();
        await Expect(staffPage.Locator("#porting-status")).ToHaveAttributeAsync("data-status", "Completed");
        await staffShots.TakeAsync("staff-completed");

        // The tenant sees it completed, gets the email, and finds the number on its Numbers page.
        await page.ReloadAsync();
        await Expect(page.Locator("#porting-completed")).ToBeVisibleAsync();
        await shots.TakeAsync("porting-completed");
        var mailbox = new MailboxPage(page);
        await mailbox.GotoAsync(prospect.Email);
        await Expect(mailbox.Message(prospect.Email, "porting-completed")).ToHaveCountAsync(1);
        await page.GotoAsync(requestUrl);
        await page.Locator("#porting-completed a[href='/pbx/numbers']").ClickAsync();
        await page.WaitForURLAsync("**/pbx/numbers");
        await Expect(page.Locator($"#numbers tr[data-number='{e164}']")).ToContainTextAsync("extension 100 (default)");
        await shots.TakeAsync("numbers-page");
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
