using Microsoft.Playwright;

namespace UcPortal.EndToEnd.Pages;

/// <summary>The staff list of customers at /admin.</summary>
public sealed class AdminTenantsPage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Customers", Exact = true });

    public ILocator Rows => page.Locator("#tenants tbody tr");

    public ILocator RowFor(string company) => Rows.Filter(new() { Has = page.Locator("td", new() { HasTextString = company }) });

    public async Task GotoAsync() => await page.GotoAsync("/admin");

    public async Task SearchAsync(string query)
    {
        await page.GetByLabel("Search customers").FillAsync(query);
        await page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/admin/tenants?q=*");
    }
}
