using Microsoft.Playwright;

namespace UcPortal.EndToEnd.Pages;

public sealed class LoginPage(IPage page)
{
    public ILocator Error => page.Locator("form .alert-danger");

    public async Task GotoAsync() => await page.GotoAsync("/account/login");

    public async Task LogInAsync(string email, string password)
    {
        await page.Locator("input[name='Email']").FillAsync(email);
        await page.Locator("input[name='Password']").FillAsync(password);
        await page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Log in", Exact = true }).ClickAsync();
    }
}
