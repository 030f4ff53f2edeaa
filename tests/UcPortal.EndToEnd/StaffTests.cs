using Microsoft.Playwright;
using UcPortal.EndToEnd.Pages;
using UcPortal.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace UcPortal.EndToEnd;

public sealed class StaffTests(PortalFixture portal, ITestOutputHelper output) : BrowserTest(portal, output)
{
    [Fact]
    public Task Staff_LogsIn_AndFindsTheNewTenant() => RunAsync(async (page, shots) =>
    {
        var prospect = TestData.NewProspect();
        await TrialJourney.StartProvisionedTrialAsync(page, prospect);
        var (email, password, key) = await Portal.CreateStaffAdminAsync();

        // The staff member works in a browser of their own, not in the customer's session.
        var staffPage = await OpenBrowserAsync("staff");
        var staffShots = shots.Of(staffPage);

        var login = new LoginPage(staffPage);
        await login.GotoAsync();
        await login.LogInWithCodeAsync(email, password, key!);
        await staffPage.WaitForURLAsync("**/admin");
        var admin = new AdminTenantsPage(staffPage);
        await Expect(admin.Heading).ToBeVisibleAsync();
        await staffShots.TakeAsync("staff-list");

        await admin.SearchAsync(prospect.Company);
        await Expect(admin.Rows).ToHaveCountAsync(1);
        await Expect(admin.RowFor(prospect.Company)).ToContainTextAsync(prospect.Email);
        await Expect(admin.RowFor(prospect.Company)).ToContainTextAsync("Trial");
        await staffShots.TakeAsync("staff-search-result");

        // The customer's page: state, history with causes, and the staff actions.
        await admin.RowFor(prospect.Company).GetByRole(AriaRole.Link, new() { Name = prospect.Company }).ClickAsync();
        var tenant = new AdminTenantPage(staffPage);
        await Expect(tenant.Status).ToHaveTextAsync("Trial");
        await Expect(tenant.HistoryRows.Filter(new() { HasTextString = "job:trial-provisioning" }).First).ToBeVisibleAsync();
        await staffShots.TakeAsync("staff-tenant");

        await tenant.SuspendAsync("Checking a fraud report");
        await Expect(tenant.Notice).ToContainTextAsync("Suspended: calls and registrations are refused");
        await Expect(tenant.Status).ToContainTextAsync("Suspended · Staff");
        await Expect(tenant.HistoryRows.First).ToContainTextAsync("Checking a fraud report");
        await Expect(tenant.HistoryRows.First).ToContainTextAsync("staff:" + email);
        await staffShots.TakeAsync("staff-tenant-suspended");

        await tenant.ResumeAsync();
        await Expect(tenant.Status).ToHaveTextAsync("Trial");
        await tenant.ExtendTrialAsync(10);
        await Expect(tenant.Notice).ToContainTextAsync("Trial extended: it now ends");
        await staffShots.TakeAsync("staff-tenant-extended");

        // Each action is in the audit log, with who did it and from where.
        await staffPage.GotoAsync("/admin/audit?person=" + Uri.EscapeDataString(email));
        var audit = staffPage.Locator("#audit tbody tr");
        await Expect(audit.Nth(0)).ToContainTextAsync("tenant.extend-trial");
        await Expect(audit.Nth(1)).ToContainTextAsync("tenant.resume");
        await Expect(audit.Nth(2)).ToContainTextAsync("tenant.suspend");
        await Expect(audit.Nth(2)).ToContainTextAsync("Checking a fraud report");
        await Expect(audit.Nth(3)).ToContainTextAsync("Password and authenticator code.");
        await Expect(audit.Nth(3)).ToContainTextAsync("127.0.0.1");
        await staffShots.TakeAsync("staff-audit-log");
    });

    [Fact]
    public Task Staff_WithoutTwoFactor_IsSentToEnrolment_ScansTheQrCode_AndGetsRecoveryCodes() => RunAsync(async (page, shots) =>
    {
        var (email, password, _) = await Portal.CreateStaffAdminAsync(enrolled: false);
        var login = new LoginPage(page);
        await login.GotoAsync();
        await login.LogInAsync(email, password);

        await page.WaitForURLAsync("**/account/two-factor?returnUrl=%2Fadmin");
        var qr = page.Locator("#qr-code");
        await Expect(qr).ToBeVisibleAsync();
        // The QR code is a real image the browser decoded (a data: PNG, no script).
        Assert.True(await qr.EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 100"));
        var uri = await page.Locator("#authenticator-uri").InputValueAsync();
        Assert.StartsWith("otpauth://totp/UcPortal:", uri);
        var key = (await page.Locator("#shared-key").InnerTextAsync()).Replace(" ", "").ToUpperInvariant();
        Assert.Contains("secret=" + key, uri);
        await shots.TakeAsync("two-factor-enrolment");

        await page.GetByLabel("Code from the app").FillAsync("123 456");
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        if (Totp.Code(key) != "123456")
        {
            await Expect(page.Locator("[data-valmsg-for='Form.Code']")).ToContainTextAsync("That code does not match");
        }
        await page.GetByLabel("Code from the app").FillAsync(Totp.Code(key));
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();

        await Expect(page.Locator("#recovery-codes li")).ToHaveCountAsync(10);
        await shots.TakeAsync("recovery-codes");
        await page.GetByRole(AriaRole.Link, new() { Name = "I have saved them, continue" }).ClickAsync();
        await page.WaitForURLAsync("**/admin");
        await Expect(new AdminTenantsPage(page).Heading).ToBeVisibleAsync();

        // An Admin invites a colleague from the staff page.
        await page.GotoAsync("/admin/staff");
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync($"colleague-{TestData.NewId()}@ucportal.test");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Grace Colleague");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send invitation" }).ClickAsync();
        await Expect(page.Locator(".alert-info")).ToContainTextAsync("Invitation sent to colleague-");
        await Expect(page.Locator("#staff tbody tr", new() { HasTextString = "Grace Colleague" })).ToContainTextAsync("invited");
        await shots.TakeAsync("staff-page");
    });
}
