using Microsoft.Playwright;

namespace UcPortal.EndToEnd.Pages;

/// <summary>The trial form at /trial. Fields are named after the form model: Form.FullName, Form.Email, …</summary>
public sealed class StartTrialPage(IPage page)
{
    public const string FullName = "FullName", Company = "Company", Email = "Email", Password = "Password",
        Country = "Country", Mobile = "Mobile", Area = "Area";

    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Start your free trial" });

    /// <summary>The summary above the form after a refused submit.</summary>
    public ILocator ErrorSummary => page.Locator("#form-errors");

    public ILocator Field(string name) => page.Locator($"[name='Form.{name}']");

    /// <summary>The message shown for one field, looked up inside the field's own column of the
    /// form, so it only matches when the message really sits next to the field.</summary>
    public ILocator MessageNextTo(string name) =>
        page.Locator("form .row > div").Filter(new() { Has = Field(name) }).Locator($"[data-valmsg-for='Form.{name}']");

    public async Task GotoAsync() => await page.GotoAsync("/trial");

    public async Task FillAsync(Prospect prospect)
    {
        await Field(FullName).FillAsync(prospect.FullName);
        await Field(Company).FillAsync(prospect.Company);
        await Field(Email).FillAsync(prospect.Email);
        await Field(Password).FillAsync(prospect.Password);
        await Field(Country).SelectOptionAsync(prospect.Country);
        await Field(Mobile).FillAsync(prospect.Mobile);
        await Field(Area).SelectOptionAsync(prospect.Area);
    }

    public async Task SubmitAsync() =>
        await page.GetByRole(AriaRole.Button, new() { Name = "Start my free trial" }).ClickAsync();

    /// <summary>Submits a valid form and waits for the "check your email" page.</summary>
    public async Task SubmitAndExpectCheckEmailAsync()
    {
        await SubmitAsync();
        await page.WaitForURLAsync("**/trial/check-email");
    }
}
