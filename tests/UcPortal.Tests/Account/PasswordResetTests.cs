using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using UcPortal.Data.Entities;
using UcPortal.Tests.Infrastructure;

namespace UcPortal.Tests.Account;

public sealed partial class PasswordResetTests(SqlitePortal portal) : IClassFixture<SqlitePortal>
{
    [Fact]
    public async Task ForgotPassword_SendsALink_ThatSetsANewPassword_WhichThenLogsIn()
    {
        var email = await Staff.CreateAsync(portal, StaffRoles.Support);
        using var browser = portal.CreateBrowser();

        var asked = await browser.SubmitAsync("/account/forgot-password", "/account/forgot-password", [new("Email", email)]);
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        Assert.Contains("a link to reset its password is on its way", await asked.Content.ReadAsStringAsync());
        var message = await portal.WithDbAsync(db => db.OutboxEmails.AsNoTracking().SingleAsync(e => e.ToAddress == email && e.Template == "reset-password"));
        var link = new Uri(WebUtility.HtmlDecode(ResetLink().Match(message.HtmlBody).Groups[1].Value));
        var query = System.Web.HttpUtility.ParseQueryString(link.Query);

        var reset = await browser.SubmitAsync(link.PathAndQuery, "/account/reset-password",
            [new("UserId", query["userId"]!), new("Code", query["code"]!), new("Password", "Brand-New-Passw0rd"), new("ConfirmPassword", "Brand-New-Passw0rd")]);
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);

        using var fresh = portal.CreateBrowser();
        await fresh.LogInAsync(email, "Brand-New-Passw0rd");
        var reused = await fresh.SubmitAsync(link.PathAndQuery, "/account/reset-password",
            [new("UserId", query["userId"]!), new("Code", query["code"]!), new("Password", "Another-Passw0rd1"), new("ConfirmPassword", "Another-Passw0rd1")]);
        Assert.Contains("This link is not valid any more", await reused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ForgotPassword_WithAForgedHostHeader_EmailsTheConfiguredAddress_AndTheLinkWorks()
    {
        var email = await Staff.CreateAsync(portal, StaffRoles.Admin);
        using var browser = portal.CreateBrowser();
        // What an attacker sends: his own host in every header a proxy or the app might trust.
        browser.Http.DefaultRequestHeaders.Host = "evil.example";
        browser.Http.DefaultRequestHeaders.Add("X-Forwarded-Host", "evil.example");
        browser.Http.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");

        var asked = await browser.SubmitAsync("/account/forgot-password", "/account/forgot-password", [new("Email", email)]);
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        var message = await portal.WithDbAsync(db => db.OutboxEmails.AsNoTracking().SingleAsync(e => e.ToAddress == email && e.Template == "reset-password"));

        Assert.DoesNotContain("evil.example", message.HtmlBody);
        Assert.DoesNotContain("evil.example", message.TextBody);
        var link = new Uri(WebUtility.HtmlDecode(ResetLink().Match(message.HtmlBody).Groups[1].Value));
        Assert.Equal("http://portal.test", link.GetLeftPart(UriPartial.Authority));
        Assert.Contains("http://portal.test/account/reset-password?", message.TextBody);

        var query = System.Web.HttpUtility.ParseQueryString(link.Query);
        using var victim = portal.CreateBrowser();
        var reset = await victim.SubmitAsync(link.PathAndQuery, "/account/reset-password",
            [new("UserId", query["userId"]!), new("Code", query["code"]!), new("Password", "Host-Proof-Passw0rd"), new("ConfirmPassword", "Host-Proof-Passw0rd")]);
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        using var fresh = portal.CreateBrowser();
        await fresh.LogInAsync(email, "Host-Proof-Passw0rd");
    }

    [Fact]
    public async Task ForgotPassword_ForAnUnknownAddress_AnswersTheSame_AndSendsNothing()
    {
        using var browser = portal.CreateBrowser();
        var unknown = $"nobody-{Guid.NewGuid():N}@example.com";

        var response = await browser.SubmitAsync("/account/forgot-password", "/account/forgot-password", [new("Email", unknown)]);

        Assert.Contains("a link to reset its password is on its way", await response.Content.ReadAsStringAsync());
        Assert.False(await portal.WithDbAsync(db => db.OutboxEmails.AnyAsync(e => e.ToAddress == unknown)));
    }

    [GeneratedRegex("href=\"(http[^\"]*/account/reset-password[^\"]*)\"")]
    private static partial Regex ResetLink();
}
