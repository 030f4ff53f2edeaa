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

    /// <summary>The text messages to one mobile (+E.164), newest first.</summary>
    public ILocator TextMessages(string mobileE164) => page.Locator($"#sms-outbox [data-to='{mobileE164}']");

    /// <summary>Follows the confirmation link; the portal signs the prospect in and asks for the code texted to the mobile.</summary>
    public async Task<VerifyMobilePage> FollowConfirmationLinkAsync()
    {
        await ConfirmationLink.ClickAsync();
        await page.WaitForURLAsync("**/trial/verify-mobile");
        return new VerifyMobilePage(page);
    }

    /// <summary>Opens the outbox for the mobile and reads the code in its newest text message, as the prospect reads the SMS.</summary>
    public async Task<string> ReadMobileCodeAsync(string mobileE164)
    {
        await GotoAsync(mobileE164);
        var body = await TextMessages(mobileE164).First.Locator(".sms-body").TextContentAsync() ?? "";
        var code = System.Text.RegularExpressions.Regex.Match(body, @"\b\d{6}\b");
        return code.Success ? code.Value : throw new InvalidOperationException($"No code in the text message: {body}");
    }
}
