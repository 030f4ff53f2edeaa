using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UcPortal.Data.Entities;
using UcPortal.Tests.Infrastructure;

namespace UcPortal.Tests.Localisation;

/// <summary>The language of a page (decision 036): the signed-in user's saved choice, then the
/// language cookie set by the switch, then Accept-Language; the choice is saved on the account.</summary>
public abstract class CultureSelectionTests<TPortal>(TPortal portal) : IClassFixture<TPortal> where TPortal : PortalFactory
{
    private const string Password = "Culture-Passw0rd";
    private const string ChineseLogin = "登录 UcPortal";
    private const string EnglishLogin = "Log in to UcPortal";

    internal static async Task<string> CreateUserAsync(PortalFactory portal, string? culture)
    {
        var email = $"culture-{Guid.NewGuid():N}@example.com";
        await using var scope = portal.Scope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var created = await users.CreateAsync(new PortalUser { UserName = email, Email = email, EmailConfirmed = true, FullName = "Li Wei", Culture = culture, CreatedAtUtc = DateTime.UtcNow }, Password);
        Assert.True(created.Succeeded, string.Join(" ", created.Errors.Select(e => e.Description)));
        return email;
    }

    private PortalBrowser Browser(string acceptLanguage)
    {
        var browser = portal.CreateBrowser();
        browser.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);
        return browser;
    }

    private static Task<HttpResponseMessage> ChooseAsync(PortalBrowser browser, string culture, string returnUrl = "/account/login") =>
        browser.Http.PostAsync("/language", new FormUrlEncodedContent([new("culture", culture), new("returnUrl", returnUrl)]));

    [Fact]
    public async Task AcceptLanguage_Chinese_GivesTheChinesePage_AndEnglishOtherwise()
    {
        using var chinese = Browser("zh-CN,zh;q=0.9,en;q=0.5");
        var page = await chinese.GetPageAsync("/account/login");
        Assert.Contains(ChineseLogin, page);
        Assert.Contains("<html lang=\"zh-CN\">", page);

        using var hans = Browser("zh-Hans");
        Assert.Contains(ChineseLogin, await hans.GetPageAsync("/account/login"));

        using var english = Browser("de-DE,en;q=0.5");
        Assert.Contains(EnglishLogin, await english.GetPageAsync("/account/login"));
    }

    [Fact]
    public async Task TheCookie_BeatsAcceptLanguage()
    {
        using var browser = Browser("zh-CN");
        var switched = await ChooseAsync(browser, "en");
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Equal("/account/login", switched.Headers.Location!.OriginalString);

        Assert.Contains(EnglishLogin, await browser.GetPageAsync("/account/login"));
    }

    [Fact]
    public async Task TheSwitch_OnlyGoesBackToOurOwnPages()
    {
        using var browser = Browser("en");
        var switched = await ChooseAsync(browser, "zh-CN", "https://evil.example/phish");
        Assert.Equal("/", switched.Headers.Location!.OriginalString);
        var fromElsewhere = new HttpRequestMessage(HttpMethod.Post, "/language") { Content = new FormUrlEncodedContent([new("culture", "zh-CN")]) };
        fromElsewhere.Headers.Add("Sec-Fetch-Site", "cross-site");
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.Http.SendAsync(fromElsewhere)).StatusCode);
    }

    [Fact]
    public async Task TheUsersSavedChoice_BeatsTheCookieAndAcceptLanguage()
    {
        var email = await CreateUserAsync(portal, "zh-CN");
        var cookies = await SignInCookiesAsync(email);

        // A request with the sign-in cookie, an English language cookie and English Accept-Language.
        using var raw = portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var request = new HttpRequestMessage(HttpMethod.Get, "/help");
        request.Headers.Add("Cookie", $"{cookies}; ucportal.culture=c%3Den%7Cuic%3Den");
        request.Headers.AcceptLanguage.ParseAdd("en");
        var page = await (await raw.SendAsync(request)).Content.ReadAsStringAsync();

        Assert.Contains("有什么可以帮您？", page);
    }

    [Fact]
    public async Task ACookieChoiceMadeBeforeLoggingIn_IsSavedOnTheAccount_AndSurvivesTheNextLogIn()
    {
        var email = await CreateUserAsync(portal, null);
        using (var browser = Browser("en"))
        {
            await ChooseAsync(browser, "zh-CN");
            await browser.LogInAsync(email, Password);
        }
        Assert.Equal("zh-CN", await portal.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Culture).SingleAsync()));

        // Another device, no cookie, an English browser: the account's language.
        using var other = Browser("en");
        await other.LogInAsync(email, Password);
        Assert.Contains("有什么可以帮您？", await other.GetPageAsync("/help"));
        // Logged out again, the page stays in the account's language (the log-in set the cookie).
        await other.PostWithTokenAsync("/help", "/account/logout");
        Assert.Contains(ChineseLogin, await other.GetPageAsync("/account/login"));
    }

    [Fact]
    public async Task ASignedInUserWhoSwitches_HasTheChoiceSaved()
    {
        var email = await CreateUserAsync(portal, "zh-CN");
        using var browser = Browser("zh-CN");
        await browser.LogInAsync(email, Password);

        var switched = await browser.PostWithTokenAsync("/help", "/language", [new("culture", "en"), new("returnUrl", "/help")]);
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);

        Assert.Equal("en", await portal.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Culture).SingleAsync()));
        Assert.Contains("How can we help?", await browser.GetPageAsync("/help"));
    }

    [Fact]
    public async Task ASignedInUsersSwitch_WithoutTheAntiforgeryToken_IsRefused()
    {
        var email = await CreateUserAsync(portal, "zh-CN");
        using var browser = Browser("zh-CN");
        await browser.LogInAsync(email, Password);

        var forged = await ChooseAsync(browser, "en");

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal("zh-CN", await portal.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Culture).SingleAsync()));
    }

    /// <summary>Logs in on a client without a cookie jar and hands back the cookies it was given (sign-in and antiforgery) as a Cookie header.</summary>
    private async Task<string> SignInCookiesAsync(string email)
    {
        using var raw = portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var form = await raw.GetAsync("/account/login");
        var antiforgery = string.Join("; ", form.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        var token = System.Text.RegularExpressions.Regex.Match(await form.Content.ReadAsStringAsync(), "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var post = new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = new FormUrlEncodedContent([new("Email", email), new("Password", Password), new("__RequestVerificationToken", WebUtility.HtmlDecode(token))]),
        };
        post.Headers.Add("Cookie", antiforgery);
        var signedIn = await raw.SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var auth = signedIn.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("ucportal.auth=", StringComparison.Ordinal));
        return auth;
    }
}

public sealed class CultureSelectionTestsOnSqlite(SqlitePortal portal) : CultureSelectionTests<SqlitePortal>(portal);

public sealed class CultureSelectionTestsOnPostgres(PostgresPortal portal) : CultureSelectionTests<PostgresPortal>(portal);
