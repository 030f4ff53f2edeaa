using System.Net;
using UcPortal.Tests.Infrastructure;

namespace UcPortal.Tests.Localisation;

/// <summary>The pages translated so far, rendered in zh-CN with no English left (<see cref="NoEnglishLeft"/>).
/// To add a page: translate it, then add its address to <see cref="Routes"/> (anonymous) or
/// <see cref="SignedInRoutes"/> (a trial owner's pages).</summary>
public sealed class TranslatedPagesTests(SqlitePortal portal) : IClassFixture<SqlitePortal>
{
    public static readonly TheoryData<string> Routes = new()
    {
        "/",
        "/pricing",
        "/help",
        "/help/search",
        "/help/search?q=%E8%AF%95%E7%94%A8",
        "/help/search?q=%E7%86%8A%E7%8C%AB%E9%BE%99",
        "/help/what-the-free-trial-includes",
        "/help/make-your-first-test-call",
        "/help/upgrade-from-trial-to-paid-plan",
        "/help/billing-invoices-and-payment-methods",
        "/help/choose-buy-and-port-numbers",
        "/help/codecs-and-bandwidth",
        "/help/nat-and-firewall-settings",
        "/help/provision-a-desk-phone",
        "/help/set-up-a-desk-phone",
        "/help/set-up-linphone",
        "/help/set-up-zoiper",
        "/help/sip-server-ports-and-transports",
        "/help/troubleshoot-one-way-or-no-audio",
        "/help/troubleshoot-registration-failures",
        "/account/login",
        "/account/forgot-password",
        "/account/reset-password",
        "/no-such-page",
        "/error/404",
        "/trial",
        "/trial?plan=business",
        "/trial/check-email",
        "/compare",
        "/compare/report/not-a-token",
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task APage_InChinese_HasNoEnglishLeft(string route)
    {
        using var browser = portal.CreateBrowser();
        browser.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");

        var response = await browser.GetAsync(route);
        Assert.True(response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.NotFound, $"{route} answered {(int)response.StatusCode}");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Contains("<html lang=\"zh-CN\">", html);
        NoEnglishLeft.AssertNone(route, NoEnglishLeft.VisibleText(html));
    }

    /// <summary>Pages answered with an error status on purpose, and the status each must answer.</summary>
    public static readonly TheoryData<string, int> ErrorRoutes = new()
    {
        { "/account/access-denied", 403 },
        { "/error", 500 },
        { "/error/500", 500 },
    };

    [Theory]
    [MemberData(nameof(ErrorRoutes))]
    public async Task AnErrorPage_InChinese_HasNoEnglishLeft(string route, int status)
    {
        using var browser = portal.CreateBrowser();
        browser.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");

        var response = await browser.GetAsync(route);
        Assert.Equal(status, (int)response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Contains("<html lang=\"zh-CN\">", html);
        NoEnglishLeft.AssertNone(route, NoEnglishLeft.VisibleText(html));
    }

    /// <summary>The second step of a log-in (an account with two-factor authentication) in zh-CN.</summary>
    [Fact]
    public async Task TheLogInCodePage_InChinese_HasNoEnglishLeft()
    {
        var email = await Staff.CreateAsync(portal, UcPortal.Data.Entities.StaffRoles.Support);
        using var browser = portal.CreateBrowser();
        browser.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");

        var first = await browser.SubmitAsync("/account/login", "/account/login", [new("Email", email), new("Password", Staff.Password)]);
        var next = first.Headers.Location?.OriginalString ?? "";
        Assert.StartsWith("/account/login/code", next);
        var html = await browser.GetPageAsync(next);

        Assert.Contains("<html lang=\"zh-CN\">", html);
        NoEnglishLeft.AssertNone("/account/login/code", NoEnglishLeft.VisibleText(html));
    }

    [Fact]
    public async Task TheCheck_FindsEnglishLeft_OnAnEnglishPage()
    {
        using var browser = portal.CreateBrowser();
        browser.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");

        var html = await browser.GetPageAsync("/account/login");

        Assert.Contains(NoEnglishLeft.EnglishWords(NoEnglishLeft.VisibleText(html)), w => w.Contains("Forgot your password"));
    }

    [Fact]
    public async Task TheForgotPasswordAnswer_InChinese_HasNoEnglishLeft()
    {
        using var browser = portal.CreateBrowser();
        browser.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");

        var answer = await browser.SubmitAsync("/account/forgot-password", "/account/forgot-password", [new("Email", "nobody@example.com")]);
        NoEnglishLeft.AssertNone("forgot-password answer", NoEnglishLeft.VisibleText(await answer.Content.ReadAsStringAsync()));

        var refused = await browser.SubmitAsync("/account/login", "/account/login", [new("Email", "nobody@example.com"), new("Password", "wrong-Passw0rd")]);
        var page = await refused.Content.ReadAsStringAsync();
        Assert.Contains("邮箱或密码不正确。", page);
        NoEnglishLeft.AssertNone("login refused", NoEnglishLeft.VisibleText(page));
    }
}
