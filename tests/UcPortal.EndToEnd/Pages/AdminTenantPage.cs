using Microsoft.Playwright;

namespace UcPortal.EndToEnd.Pages;

/// <summary>One customer in the staff area at /admin/tenants/{id} ("customer 360"): state, cards,
/// actions (each confirmed in a dialog, which these methods accept), timeline.</summary>
public sealed class AdminTenantPage(IPage page)
{
    public ILocator Status => page.Locator("#status");

    /// <summary>The timeline's entries, newest first.</summary>
    public ILocator HistoryRows => page.Locator("#timeline li");

    public ILocator TrialEnds => page.Locator("[data-field='trial-expires']");

    public ILocator Expiry => page.Locator("[data-field='expiry']");

    /// <summary>The result message of the last action.</summary>
    public ILocator Notice => page.Locator(".alert-info[role='status']");

    public async Task SuspendAsync(string reason)
    {
        await page.GetByPlaceholder("Reason, shown in the history").First.FillAsync(reason);
        await ConfirmAsync(page.GetByRole(AriaRole.Button, new() { Name = "Suspend", Exact = true }));
    }

    public Task ResumeAsync() => ConfirmAsync(page.GetByRole(AriaRole.Button, new() { Name = "Resume service", Exact = true }));

    public async Task ExtendTrialAsync(int days)
    {
        await page.GetByLabel("Extend the trial").FillAsync(days.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await ConfirmAsync(page.GetByRole(AriaRole.Button, new() { Name = "Extend trial", Exact = true }));
    }

    public ILocator FraudFlag => page.Locator("#fraud-flag");

    public ILocator NoFraudFlag => page.Locator("#fraud-flag-none");

    public async Task ClearFraudFlagAsync(string note)
    {
        await page.GetByPlaceholder("What you checked, shown in the history").FillAsync(note);
        await page.GetByRole(AriaRole.Button, new() { Name = "Clear fraud flag", Exact = true }).ClickAsync();
        await page.WaitForLoadStateAsync();
    }

    /// <summary>Clicks a button whose form asks "are you sure?" (data-confirm) and accepts the question.</summary>
    private async Task ConfirmAsync(ILocator button)
    {
        var asked = "";
        void Accept(object? sender, IDialog dialog)
        {
            asked = dialog.Message;
            _ = dialog.AcceptAsync();
        }
        page.Dialog += Accept;
        try
        {
            await button.ClickAsync();
            await page.WaitForLoadStateAsync();
        }
        finally
        {
            page.Dialog -= Accept;
        }
        Assert.False(string.IsNullOrEmpty(asked), "the action was not confirmed in a dialog");
    }

    /// <summary>"View as customer", confirmed.</summary>
    public Task ViewAsCustomerAsync() => ConfirmAsync(page.GetByRole(AriaRole.Button, new() { Name = "View as customer" }));
}
