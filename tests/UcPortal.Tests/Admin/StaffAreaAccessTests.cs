using System.Net;
using UcPortal.Data.Entities;
using UcPortal.Tests.Infrastructure;

namespace UcPortal.Tests.Admin;

/// <summary>The staff area and the jobs dashboard: anonymous visitors are sent to log in,
/// customers are refused, Support sees customers but not jobs, Admin sees both.</summary>
public sealed class StaffAreaAccessTests(SqlitePortal portal) : IClassFixture<SqlitePortal>
{
    public static TheoryData<string> StaffRoutes => new() { "/admin", "/admin/tenants", "/admin/tenants?q=acme", "/admin/jobs", "/admin/sip-blocks", "/admin/trial-reviews" };

    [Theory]
    [MemberData(nameof(StaffRoutes))]
    public async Task AnAnonymousVisitor_IsSentToTheLoginPage(string route)
    {
        using var browser = portal.CreateBrowser();

        var response = await browser.GetAsync(route);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("http://localhost/account/login?ReturnUrl=", response.Headers.Location!.ToString());
    }

    [Theory]
    [MemberData(nameof(StaffRoutes))]
    public async Task ACustomer_IsRefused(string route)
    {
        using var browser = portal.CreateBrowser();
        var signup = await TrialJourney.SignUpAndConfirmAsync(portal, browser);
        await TrialJourney.ProvisionAsync(portal, signup.Id);

        var response = await browser.GetAsync(route);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("http://localhost/account/access-denied", response.Headers.Location!.ToString());
        var denied = await browser.GetAsync(response.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
    }

    [Fact]
    public async Task Support_SeesTheCustomerList_ButNotTheJobsDashboard()
    {
        using var browser = portal.CreateBrowser();
        await browser.LogInAsync(await Staff.CreateAsync(portal, StaffRoles.Support), Staff.Password);

        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/admin")).StatusCode);
        // Without a SIP core (the embedded default) the blocked-addresses page says so.
        Assert.Contains("No SIP core is connected", await browser.GetPageAsync("/admin/sip-blocks"));
        var jobs = await browser.GetAsync("/admin/jobs");
        Assert.Equal(HttpStatusCode.Redirect, jobs.StatusCode);
        Assert.Contains("/account/access-denied", jobs.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Admin_FindsAProvisionedTrialBySearch_AndOpensTheJobsDashboard()
    {
        using var customer = portal.CreateBrowser();
        var signup = await TrialJourney.SignUpAndConfirmAsync(portal, customer);
        await TrialJourney.ProvisionAsync(portal, signup.Id);
        using var browser = portal.CreateBrowser();
        await browser.LogInAsync(await Staff.CreateAsync(portal, StaffRoles.Admin), Staff.Password);

        var byCompany = await browser.GetPageAsync("/admin/tenants?q=" + Uri.EscapeDataString(signup.Company.ToUpperInvariant()));
        var byEmail = await browser.GetPageAsync("/admin/tenants?q=" + Uri.EscapeDataString(signup.Email));
        var nothing = await browser.GetPageAsync("/admin/tenants?q=no-such-company-anywhere");
        var jobs = await browser.GetAsync("/admin/jobs");

        Assert.Contains($"data-tenant=\"{signup.Id}\"", byCompany);
        Assert.Contains($"data-tenant=\"{signup.Id}\"", byEmail);
        Assert.Contains("No customer matches this search.", nothing);
        Assert.Equal(HttpStatusCode.OK, jobs.StatusCode);
        Assert.Contains("UcPortal jobs", await jobs.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Login_WithAWrongPasswordFiveTimes_LocksTheAccount()
    {
        var email = await Staff.CreateAsync(portal, StaffRoles.Support);
        using var browser = portal.CreateBrowser();
        for (var i = 0; i < 5; i++)
        {
            var wrong = await browser.SubmitAsync("/account/login", "/account/login", [new("Email", email), new("Password", "Wrong-Passw0rd")]);
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }

        var right = await browser.SubmitAsync("/account/login", "/account/login", [new("Email", email), new("Password", Staff.Password)]);

        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("this account is locked for 15 minutes", await right.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TheAuthCookie_IsHttpOnly_AndSameSiteLax()
    {
        using var browser = portal.CreateBrowser();
        var email = await Staff.CreateAsync(portal, StaffRoles.Support);

        // A staff account gets its cookie after the second factor.
        var response = await browser.LogInAsync(email, Staff.Password);

        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("ucportal.auth=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
    }
}
