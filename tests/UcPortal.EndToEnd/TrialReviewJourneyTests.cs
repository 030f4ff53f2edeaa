using Microsoft.Playwright;
using UcPortal.EndToEnd.Pages;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace UcPortal.EndToEnd;

public sealed class TrialReviewJourneyTests(PortalFixture portal, ITestOutputHelper output) : BrowserTest(portal, output)
{
    /// <summary>A UK mobile asking for a New York number matches the country rule: the prospect waits
    /// on "we are checking your trial", staff approve it from the queue, and the prospect's open page
    /// turns into the quick-start by itself.</summary>
    [Fact]
    public Task ASignupSentToReview_IsApprovedByStaff_AndProvisioned() => RunAsync(async (page, shots) =>
    {
        var prospect = TestData.NewProspect() with { Country = "GB", Mobile = TestData.NewUkMobile(), Area = "US|New York" };
        var form = new StartTrialPage(page);
        await form.GotoAsync();
        await form.FillAsync(prospect);
        await form.SubmitAndExpectCheckEmailAsync();
        var mailbox = new MailboxPage(page);
        await mailbox.GotoAsync(prospect.Email);
        await mailbox.OpenAsync(prospect.Email, "confirm-email");
        var verify = await mailbox.FollowConfirmationLinkAsync();
        var code = await mailbox.ReadMobileCodeAsync(prospect.MobileE164);
        await verify.GotoAsync();
        var dashboard = await verify.EnterCodeAsync(code);

        await Expect(page.Locator("#trial-in-review")).ToContainTextAsync("We are checking your trial, usually within an hour");
        await Expect(dashboard.ProvisioningSteps).ToContainTextAsync("Mobile number verified");
        await shots.TakeAsync("prospect-in-review");

        var staffPage = await OpenBrowserAsync("staff");
        var (email, password, key) = await Portal.CreateStaffAdminAsync();
        var login = new LoginPage(staffPage);
        await login.GotoAsync();
        await login.LogInWithCodeAsync(email, password, key!);
        await staffPage.WaitForURLAsync("**/admin");
        await staffPage.GetByRole(AriaRole.Link, new() { Name = "Trial reviews" }).ClickAsync();
        var card = staffPage.Locator($"#review-queue [data-email='{prospect.Email}']");
        await Expect(card.Locator(".review-reasons")).ToContainTextAsync("Mobile is from GB, trial number chosen in US");
        await card.GetByLabel("Reason for your decision").FillAsync("Called the prospect: UK company opening a New York office");
        await shots.Of(staffPage).TakeAsync("staff-review-queue");
        await card.GetByRole(AriaRole.Button, new() { Name = "Approve and provision" }).ClickAsync();
        await Expect(staffPage.Locator("#review-flash")).ToContainTextAsync("approved and being provisioned");
        await Expect(staffPage.Locator("#recent-reviews")).ToContainTextAsync(prospect.Email);

        // The prospect's page polls and reloads itself once the trial exists.
        await dashboard.WaitForQuickStartAsync(TrialJourney.ProvisioningTimeoutMs);
        await Expect(dashboard.ExtensionRows).ToHaveCountAsync(3);
        await shots.TakeAsync("prospect-provisioned");
        await mailbox.GotoAsync(prospect.Email);
        await Expect(mailbox.Message(prospect.Email, "trial-approved")).ToHaveCountAsync(1);
        await Expect(mailbox.Message(prospect.Email, "trial-ready")).ToHaveCountAsync(1);
    });
}
