using Microsoft.Playwright;

namespace UcPortal.EndToEnd.Pages;

/// <summary>The Development-only local mailbox at /dev/mailbox and its message pages.</summary>
public sealed class MailboxPage(IPage page)
{
    public ILocator Message(string to, string template) =>
        page.Locator($"#mailbox a[data-to='{to}'][data-template='{template}']");

    public ILocator Links => page.Locator("#mail-links a");

    public ILocator ConfirmationLink => page.Locator("#mail-links a[href*='/account/confirm-email']");

    public ILocator Subject => page.Locator("main h1");

    /// <summary>True when the email's HTML body fits the width of its frame, i.e. the reader has
    /// nothing cut off on the right and no sideways scrolling.</summary>
    public async Task<bool> BodyFitsItsFrameAsync() =>
        await page.FrameLocator("iframe.mail-frame").Locator("html").EvaluateAsync<bool>("html => html.scrollWidth <= html.clientWidth");

    public async Task GotoAsync(string? to = null) =>
        await page.GotoAsync(to is null ? "/dev/mailbox" : "/dev/mailbox?to=" + Uri.EscapeDataString(to));

    public async Task OpenAsync(string to, string template)
    {
        await Message(to, template).First.ClickAsync();
        await page.WaitForURLAsync("**/dev/mailbox/*");
    }

    /// <summary>Follows the confirmation link; the portal signs the prospect in and shows the dashboard.</summary>
    public async Task<DashboardPage> FollowConfirmationLinkAsync()
    {
        await ConfirmationLink.ClickAsync();
        await page.WaitForURLAsync("**/dashboard");
        return new DashboardPage(page);
    }
}
