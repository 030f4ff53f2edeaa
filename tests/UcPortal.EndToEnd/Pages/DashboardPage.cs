using Microsoft.Playwright;

namespace UcPortal.EndToEnd.Pages;

/// <summary>/dashboard: provisioning progress first, then the quick-start.</summary>
public sealed class DashboardPage(IPage page)
{
    public ILocator ProvisioningSteps => page.Locator("#provisioning-steps");

    public ILocator SipDomain => page.Locator("#sip-domain");

    public ILocator TrialNumber => page.Locator("#trial-number");

    public ILocator ExtensionRows => page.Locator("#extensions tbody tr[data-extension]");

    public ILocator Extension(string number) => page.Locator($"#extensions tr[data-extension='{number}']");

    public ILocator SipPassword(string extension) => page.Locator($"[data-testid='sip-password-{extension}']");

    public ILocator TrialBanner => page.Locator("#trial-banner");

    /// <summary>Why outbound calls are paused, while the tenant has an open fraud flag.</summary>
    public ILocator FraudNotice => page.Locator("#fraud-notice");

    public ILocator CreditLeft => page.Locator("#credit-left");

    public ILocator DaysLeft => page.Locator("#days-left");

    public async Task GotoAsync() => await page.GotoAsync("/dashboard");

    /// <summary>Waits until the provisioning view has reloaded itself into the quick-start.</summary>
    public async Task WaitForQuickStartAsync(float timeoutMs) =>
        await SipDomain.WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = timeoutMs });

    /// <summary>Reveals an extension's SIP password (an htmx POST) and returns where it shows.</summary>
    public async Task<ILocator> RevealPasswordAsync(string extension)
    {
        await Extension(extension).GetByRole(AriaRole.Button, new() { Name = $"Reveal the password of extension {extension}" }).ClickAsync();
        return SipPassword(extension);
    }
}
