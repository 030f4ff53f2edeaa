using Microsoft.Playwright;

namespace UcPortal.EndToEnd.Pages;

/// <summary>/pbx/phones: the list with the add form, and one phone's page.</summary>
public sealed class DeskPhonesPage(IPage page)
{
    public ILocator Rows => page.Locator("#phones tbody tr");

    public ILocator MacError => page.Locator("[data-valmsg-for='Form.MacAddress']");

    public ILocator ProvisioningUrl => page.Locator("#provisioning-url");

    public ILocator Flash => page.Locator(".alert-success");

    public async Task GotoAsync() => await page.GotoAsync("/pbx/phones");

    public async Task AddAsync(string mac, string modelCode, string name)
    {
        await page.GetByLabel("MAC address").FillAsync(mac);
        await page.GetByLabel("Model").SelectOptionAsync(modelCode);
        await page.GetByLabel("Name").FillAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add the phone" }).ClickAsync();
    }

    /// <summary>Chooses the extension at <paramref name="index"/> in the line's list (0 = not used).</summary>
    public async Task PutOnLineAsync(int line, int index)
    {
        await page.Locator($"#line-{line}").SelectOptionAsync(new SelectOptionValue { Index = index });
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the lines" }).ClickAsync();
    }
}

/// <summary>/pbx/team and the invitation's accept page.</summary>
public sealed class TeamPage(IPage page)
{
    public ILocator Invitations => page.Locator("#invitations tbody tr");

    public ILocator Members => page.Locator("#members tbody tr");

    public async Task GotoAsync() => await page.GotoAsync("/pbx/team");

    public async Task InviteAsync(string email, string role)
    {
        await page.GetByLabel("Email").FillAsync(email);
        await page.Locator($"#role-{role}").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Send the invitation" }).ClickAsync();
    }
}
