using Microsoft.Playwright;
using UcPortal.EndToEnd.Pages;

namespace UcPortal.EndToEnd;

/// <summary>The shortest way through the UI to a provisioned trial, for tests that need one but
/// are about something else.</summary>
public static class TrialJourney
{
    public const float ProvisioningTimeoutMs = 60_000;

    public static async Task<DashboardPage> StartProvisionedTrialAsync(IPage page, Prospect prospect)
    {
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
        await dashboard.WaitForQuickStartAsync(ProvisioningTimeoutMs);
        return dashboard;
    }
}
