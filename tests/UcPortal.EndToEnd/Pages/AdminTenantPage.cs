using Microsoft.Playwright;

namespace UcPortal.EndToEnd.Pages;

/// <summary>One customer in the staff area at /admin/tenants/{id}: state, dates, actions, history.</summary>
public sealed class AdminTenantPage(IPage page)
{
    public ILocator Status => page.Locator("#status");

    public ILocator HistoryRows => page.Locator("#history tbody tr");

    public ILocator Notice => page.GetByRole(AriaRole.Status);

    public async Task SuspendAsync(string reason)
    {
        await page.GetByPlaceholder("Reason, shown in the history").FillAsync(reason);
        await page.GetByRole(AriaRole.Button, new() { Name = "Suspend", Exact = true }).ClickAsync();
        await page.WaitForLoadStateAsync();
    }

    public async Task ResumeAsync()
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Resume service", Exact = true }).ClickAsync();
        await page.WaitForLoadStateAsync();
    }

    public async Task ExtendTrialAsync(int days)
    {
        await page.GetByLabel("Extend the trial").FillAsync(days.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Extend trial", Exact = true }).ClickAsync();
        await page.WaitForLoadStateAsync();
    }

    public ILocator FraudFlag => page.Locator("#fraud-flag");

    public ILocator NoFraudFlag => page.Locator("#fraud-flag-none");

    public async Task ClearFraudFlagAsync(string note)
    {
        await page.GetByPlaceholder("What you checked, shown in the history").FillAsync(note);
        await page.GetByRole(AriaRole.Button, new() { Name = "Clear fraud flag", Exact = true }).ClickAsync();
        await page.WaitForLoadStateAsync();
    }
}
