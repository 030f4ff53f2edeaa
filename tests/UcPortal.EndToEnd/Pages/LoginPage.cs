using Microsoft.Playwright;
using UcPortal.Tests.Infrastructure;

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

    /// <summary>Email and password, then the code an authenticator app with this key shows now.</summary>
    public async Task LogInWithCodeAsync(string email, string password, string authenticatorKey)
    {
        await LogInAsync(email, password);
        await page.WaitForURLAsync("**/account/login/code**");
        await page.GetByLabel("Authentication code").FillAsync(Totp.Code(authenticatorKey));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify and log in" }).ClickAsync();
    }
}
