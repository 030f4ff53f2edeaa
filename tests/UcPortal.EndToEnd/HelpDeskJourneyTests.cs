using Microsoft.Playwright;
using UcPortal.EndToEnd.Pages;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace UcPortal.EndToEnd;

public sealed class HelpDeskJourneyTests(PortalFixture portal, ITestOutputHelper output) : BrowserTest(portal, output)
{
    [Fact]
    public Task ACustomerOpensATicket_StaffReply_AndTheCustomerSeesTheReplyAndGetsTheEmail() => RunAsync(async (page, shots) =>
    {
        var prospect = TestData.NewProspect();
        await TrialJourney.StartProvisionedTrialAsync(page, prospect);

        await page.GetByRole(AriaRole.Link, new() { Name = "Support", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/support");
        await Expect(page.Locator("#no-tickets")).ToBeVisibleAsync();
        await page.Locator("#open-ticket").ClickAsync();
        await page.GetByLabel("Subject").FillAsync("Calls drop after 30 seconds");
        await page.GetByLabel("About").SelectOptionAsync("CallsAndPhones");
        await page.GetByLabel("Message").FillAsync("Outgoing calls from extension 100 drop after exactly 30 seconds.\nIncoming calls are fine.");
        await shots.TakeAsync("customer-new-ticket");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send to support" }).ClickAsync();
        await page.WaitForURLAsync("**/support/*");
        await Expect(page.Locator("#ticket-status")).ToHaveTextAsync("Waiting for support");
        var ticketUrl = new Uri(page.Url).AbsolutePath;
        var id = ticketUrl.Split('/').Last();
        await shots.TakeAsync("customer-ticket-opened");

        var (staffPage, _) = await OpenStaffAdminAsync();
        var staffShots = shots.Of(staffPage);
        await staffPage.GetByRole(AriaRole.Link, new() { Name = "Tickets", Exact = true }).ClickAsync();
        var row = staffPage.Locator($"#tickets tr[data-ticket='{id}']");
        await Expect(row).ToContainTextAsync(prospect.Company);
        await staffShots.TakeAsync("staff-queue");

        await row.GetByRole(AriaRole.Link, new() { Name = "Calls drop after 30 seconds" }).ClickAsync();
        await staffPage.GetByLabel("Reply to the customer").FillAsync("A 30-second drop means the ACK of the call never reaches us: your router's SIP ALG rewrites it.\n\nPlease turn SIP ALG off and call again.");
        await staffPage.GetByRole(AriaRole.Button, new() { Name = "Send reply" }).ClickAsync();
        await Expect(staffPage.Locator("#flash")).ToContainTextAsync("Reply sent; " + prospect.Email + " is emailed.");
        await Expect(staffPage.Locator("#ticket-status")).ToHaveTextAsync("Waiting on customer");
        await staffShots.TakeAsync("staff-ticket-replied");

        // The reply email is in the outbox, with a link to the ticket.
        var mailbox = new MailboxPage(page);
        await mailbox.GotoAsync(prospect.Email);
        await Expect(mailbox.Message(prospect.Email, "ticket-reply")).ToHaveCountAsync(1);
        await mailbox.OpenAsync(prospect.Email, "ticket-reply");
        await Expect(mailbox.Subject).ToContainTextAsync($"[#{id}] Calls drop after 30 seconds");
        await Expect(page.Locator($"#mail-links a[href$='{ticketUrl}']")).ToHaveCountAsync(1);
        await shots.TakeAsync("customer-email");

        await page.Locator($"#mail-links a[href$='{ticketUrl}']").ClickAsync();
        await page.WaitForURLAsync("**" + ticketUrl);
        await Expect(page.Locator("#thread li[data-from-staff='true']")).ToContainTextAsync("Please turn SIP ALG off");
        await Expect(page.Locator("#ticket-status")).ToHaveTextAsync("Waiting for your reply");
        await page.GetByLabel("Your reply").FillAsync("SIP ALG is off now and calls stay up. Thank you!");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send reply" }).ClickAsync();
        await Expect(page.Locator("#ticket-status")).ToHaveTextAsync("Waiting for support");
        await shots.TakeAsync("customer-replied");

        await staffPage.ReloadAsync();
        await Expect(staffPage.Locator("#ticket-status")).ToHaveTextAsync("Open");
        staffPage.Dialog += (_, dialog) => dialog.AcceptAsync();
        await staffPage.GetByRole(AriaRole.Button, new() { Name = "Close without reply" }).ClickAsync();
        await Expect(staffPage.Locator("#ticket-status")).ToHaveTextAsync("Closed");
        await staffShots.TakeAsync("staff-ticket-closed");
    });

    [Fact]
    public Task Staff_WriteAHelpArticle_WithLivePreview_AndPublishIt() => RunAsync(async (page, shots) =>
    {
        var (email, password, key) = await Portal.CreateStaffAdminAsync();
        var login = new LoginPage(page);
        await login.GotoAsync();
        await login.LogInWithCodeAsync(email, password, key!);
        await page.WaitForURLAsync("**/admin");
        await page.GetByRole(AriaRole.Link, new() { Name = "Help articles", Exact = true }).ClickAsync();
        await Expect(page.Locator("[data-article='set-up-zoiper']")).ToContainTextAsync("Published");
        await shots.TakeAsync("help-articles");

        var slug = "fax-" + TestData.NewId();
        await page.Locator("#new-article").ClickAsync();
        await page.GetByLabel("Title").FillAsync("Sending faxes");
        await page.GetByLabel("Address").FillAsync(slug);
        await page.GetByLabel("Category").SelectOptionAsync(new SelectOptionValue { Label = "Getting started" });
        await page.GetByLabel("Summary").FillAsync("Which fax machines work on the service, and how to set them up.");
        await page.GetByLabel("Text (Markdown)").FillAsync("## T.38\n\nUse **T.38** where your fax adapter has it.\n\n[Not a link](javascript:alert(1))\n\n<script>alert(1)</script>");
        await Expect(page.Locator("#preview h2")).ToHaveTextAsync("T.38");
        await Expect(page.Locator("#preview strong")).ToHaveTextAsync("T.38");
        await Expect(page.Locator("#preview script")).ToHaveCountAsync(0);
        await Expect(page.Locator("#preview a[href^='javascript']")).ToHaveCountAsync(0);
        await shots.TakeAsync("help-editor-preview");

        await page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await Expect(page.Locator("#article-state")).ToHaveTextAsync("Draft");
        await page.Locator("#publish").ClickAsync();
        await Expect(page.Locator("#article-state")).ToHaveTextAsync("Published");
        await page.GotoAsync("/help/" + slug);
        await Expect(page.Locator("article h1")).ToHaveTextAsync("Sending faxes");
        await shots.TakeAsync("help-article-published");
    });
}
