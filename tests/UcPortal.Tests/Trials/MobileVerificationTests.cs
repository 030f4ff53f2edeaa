using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using UcPortal.Data.Entities;
using UcPortal.Tests.Infrastructure;

namespace UcPortal.Tests.Trials;

/// <summary>The portal on a fake clock (codes expire, the resend limit is per hour) that trusts
/// CF-IPCountry as the request's country, with low review thresholds so a test reaches them quickly.</summary>
public class SignupPortal<TPortal> : IDisposable where TPortal : PortalFactory, new()
{
    public SignupPortal()
    {
        Portal.Settings["Trial:RequestCountryHeader"] = "CF-IPCountry";
        Portal.Settings["Trial:SignupsPerAddressPerDay"] = "2";
        Portal.Settings["Trial:SignupsPerNetworkPerDay"] = "3";
        Portal.TestServices = services => services.AddSingleton<TimeProvider>(Clock);
    }

    /// <summary>Starts at the current second (cookies and tokens are made on this clock) and only moves forward.</summary>
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    public TPortal Portal { get; } = new();

    public void Dispose() => Portal.Dispose();
}

/// <summary>The code texted to the mobile stands between the confirmed email and the trial: wrong,
/// expired, replayed and exhausted codes each get a clear message and provision nothing.</summary>
public abstract class MobileVerificationTests<TPortal>(SignupPortal<TPortal> fixture) : IClassFixture<SignupPortal<TPortal>> where TPortal : PortalFactory, new()
{
    private PortalFactory Portal => fixture.Portal;

    [Fact]
    public async Task ConfirmingTheEmail_TextsACodeToTheMobile_StoredOnlyAsAHash()
    {
        using var browser = Portal.CreateBrowser();

        var signup = await TrialJourney.SignUpAndConfirmEmailAsync(Portal, browser);

        Assert.Equal(TrialSignupStatus.AwaitingMobileCode, signup.Status);
        var sms = await Portal.WithDbAsync(db => db.OutboxSms.AsNoTracking().SingleAsync(m => m.TrialSignupId == signup.Id));
        Assert.Equal(signup.MobileE164, sms.ToE164);
        var code = await TrialJourney.MobileCodeAsync(Portal, signup.Id);
        Assert.NotNull(signup.MobileCodeHash);
        Assert.DoesNotContain(code, signup.MobileCodeHash);
        var page = WebUtility.HtmlDecode(await browser.GetPageAsync("/trial/verify-mobile"));
        Assert.Contains("We texted a 6-digit code to", page);
        // The dashboard sends the prospect back to the code until it is entered.
        Assert.Equal("/trial/verify-mobile", (await browser.GetAsync("/dashboard")).Headers.Location?.OriginalString);
        Assert.False(await Portal.WithDbAsync(db => db.Tenants.AnyAsync(t => t.Id == signup.Id)));
    }

    [Fact]
    public async Task TheRightCode_ProvisionsTheTrial_AndTheHistorySaysTheMobileWasVerified()
    {
        using var browser = Portal.CreateBrowser();

        var signup = await TrialJourney.SignUpAndConfirmAsync(Portal, browser);
        await TrialJourney.ProvisionAsync(Portal, signup.Id);

        Assert.NotNull(signup.MobileVerifiedAtUtc);
        Assert.Null(signup.MobileCodeHash);
        var events = await Portal.WithDbAsync(db => db.TenantEvents.AsNoTracking().Where(e => e.TenantId == signup.Id).Select(e => e.Message).ToListAsync());
        Assert.Contains($"Mobile {signup.MobileE164} verified by SMS code", events);
        Assert.True(await Portal.WithDbAsync(db => db.Tenants.AnyAsync(t => t.Id == signup.Id)));
    }

    [Fact]
    public async Task AWrongCode_IsRefusedNextToTheField_WithTheTriesLeft_AndNothingIsProvisioned()
    {
        using var browser = Portal.CreateBrowser();
        var signup = await TrialJourney.SignUpAndConfirmEmailAsync(Portal, browser);
        var wrong = WrongCode(await TrialJourney.MobileCodeAsync(Portal, signup.Id));

        var response = await TrialJourney.EnterCodeAsync(browser, wrong);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("data-valmsg-for=\"Code\" data-valmsg-replace=\"true\">That code is wrong. Check the text message and try again (4 tries left).", page);
        await AssertNotProvisionedAsync(signup.Id, TrialSignupStatus.AwaitingMobileCode);
    }

    [Fact]
    public async Task FiveWrongCodes_EndTheCode_SoEvenTheRightOneIsRefused_UntilANewCodeIsSent()
    {
        using var browser = Portal.CreateBrowser();
        var signup = await TrialJourney.SignUpAndConfirmEmailAsync(Portal, browser);
        var code = await TrialJourney.MobileCodeAsync(Portal, signup.Id);

        for (var i = 1; i <= 4; i++)
        {
            Assert.Contains($"({5 - i} {(5 - i == 1 ? "try" : "tries")} left)", await BodyAsync(await TrialJourney.EnterCodeAsync(browser, WrongCode(code))));
        }
        Assert.Contains("it was the 5th wrong try: this code no longer works. Ask for a new code.", await BodyAsync(await TrialJourney.EnterCodeAsync(browser, WrongCode(code))));
        var rightButLate = await TrialJourney.EnterCodeAsync(browser, code);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, rightButLate.StatusCode);
        Assert.Contains("This code was entered wrongly 5 times and no longer works. Ask for a new code.", await BodyAsync(rightButLate));
        await AssertNotProvisionedAsync(signup.Id, TrialSignupStatus.AwaitingMobileCode);

        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostWithTokenAsync("/trial/verify-mobile", "/trial/verify-mobile/resend")).StatusCode);
        var fresh = await TrialJourney.MobileCodeAsync(Portal, signup.Id);
        Assert.Equal("/dashboard", (await TrialJourney.EnterCodeAsync(browser, fresh)).Headers.Location?.OriginalString);
        Assert.Equal(TrialSignupStatus.Provisioning, await StatusAsync(signup.Id));
    }

    [Fact]
    public async Task ManyWrongCodesAtOnce_GetNoMoreThanFiveTries()
    {
        using var browser = Portal.CreateBrowser();
        var signup = await TrialJourney.SignUpAndConfirmEmailAsync(Portal, browser);
        var code = await TrialJourney.MobileCodeAsync(Portal, signup.Id);
        var page = await browser.GetPageAsync("/trial/verify-mobile");
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;

        // Twelve guesses in parallel, as a script would send them.
        var guesses = Enumerable.Range(1, 12).Select(i => ((int.Parse(code) + i) % 1_000_000).ToString("D6"));
        var answers = await Task.WhenAll(guesses.Select(g => browser.Http.PostAsync("/trial/verify-mobile", new FormUrlEncodedContent(
            [new("code", g), new("__RequestVerificationToken", WebUtility.HtmlDecode(token))]))));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.UnprocessableEntity, a.StatusCode));
        var stored = await Portal.WithDbAsync(db => db.TrialSignups.AsNoTracking().SingleAsync(s => s.Id == signup.Id));
        Assert.Equal(5, stored.MobileCodeFailedAttempts);
        Assert.Contains("no longer works", await BodyAsync(await TrialJourney.EnterCodeAsync(browser, code)));
        await AssertNotProvisionedAsync(signup.Id, TrialSignupStatus.AwaitingMobileCode);
    }

    [Fact]
    public async Task AnExpiredCode_IsRefused_AndANewCodeWorks()
    {
        using var browser = Portal.CreateBrowser();
        var signup = await TrialJourney.SignUpAndConfirmEmailAsync(Portal, browser);
        var code = await TrialJourney.MobileCodeAsync(Portal, signup.Id);

        fixture.Clock.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        var late = await TrialJourney.EnterCodeAsync(browser, code);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, late.StatusCode);
        Assert.Contains("This code has expired: codes work for 10 minutes. Ask for a new code.", await BodyAsync(late));
        await AssertNotProvisionedAsync(signup.Id, TrialSignupStatus.AwaitingMobileCode);

        await browser.PostWithTokenAsync("/trial/verify-mobile", "/trial/verify-mobile/resend");
        Assert.Equal("/dashboard", (await TrialJourney.EnterCodeAsync(browser, await TrialJourney.MobileCodeAsync(Portal, signup.Id))).Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task AReplayedCode_IsRefused_AndLeavesOneTrial()
    {
        using var browser = Portal.CreateBrowser();
        var signup = await TrialJourney.SignUpAndConfirmAsync(Portal, browser);
        var code = await TrialJourney.MobileCodeAsync(Portal, signup.Id);
        await TrialJourney.ProvisionAsync(Portal, signup.Id);

        // The form posted again (a second tab, a replayed request): the code page itself now leads to the dashboard.
        var replay = await browser.PostWithTokenAsync("/dashboard", "/trial/verify-mobile", [new("code", code)]);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, replay.StatusCode);
        Assert.Contains("Your mobile number is already verified: this code can&#x27;t be used again.", await replay.Content.ReadAsStringAsync());
        await TrialJourney.ProvisionAsync(Portal, signup.Id);
        Assert.Equal(1, await Portal.WithDbAsync(db => db.Tenants.CountAsync(t => t.Id == signup.Id)));
        Assert.Equal(1, await Portal.WithDbAsync(db => db.PhoneNumbers.CountAsync(n => n.TenantId == signup.Id)));
    }

    [Fact]
    public async Task AnEarlierCode_StopsWorking_OnceANewOneIsSent()
    {
        using var browser = Portal.CreateBrowser();
        var signup = await TrialJourney.SignUpAndConfirmEmailAsync(Portal, browser);
        var first = await TrialJourney.MobileCodeAsync(Portal, signup.Id);

        var resent = await browser.PostWithTokenAsync("/trial/verify-mobile", "/trial/verify-mobile/resend");
        Assert.Equal(HttpStatusCode.Redirect, resent.StatusCode);
        Assert.Contains("Earlier codes no longer work.", WebUtility.HtmlDecode(await browser.GetPageAsync("/trial/verify-mobile")));
        var second = await TrialJourney.MobileCodeAsync(Portal, signup.Id);
        if (first == second)
        {
            return; // one chance in a million: the new code happens to be the old one
        }
        var old = await TrialJourney.EnterCodeAsync(browser, first);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, old.StatusCode);
        Assert.Contains("That code is wrong.", await BodyAsync(old));
        await AssertNotProvisionedAsync(signup.Id, TrialSignupStatus.AwaitingMobileCode);
    }

    [Fact]
    public async Task TheFourthCodeWithinAnHour_IsRefusedWithWhenToAskAgain_AndIsSentAfterTheHour()
    {
        using var browser = Portal.CreateBrowser();
        var signup = await TrialJourney.SignUpAndConfirmEmailAsync(Portal, browser);
        for (var i = 0; i < 2; i++)
        {
            fixture.Clock.Advance(TimeSpan.FromMinutes(1));
            Assert.Equal(HttpStatusCode.Redirect, (await browser.PostWithTokenAsync("/trial/verify-mobile", "/trial/verify-mobile/resend")).StatusCode);
        }

        var limited = await browser.PostWithTokenAsync("/trial/verify-mobile", "/trial/verify-mobile/resend");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, limited.StatusCode);
        Assert.Contains("We have already sent 3 codes to this number in the last hour. You can ask for a new one in 58 minutes", await BodyAsync(limited));
        Assert.Equal(3, await Portal.WithDbAsync(db => db.OutboxSms.CountAsync(m => m.TrialSignupId == signup.Id)));

        fixture.Clock.Advance(TimeSpan.FromMinutes(58));
        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostWithTokenAsync("/trial/verify-mobile", "/trial/verify-mobile/resend")).StatusCode);
        Assert.Equal(4, await Portal.WithDbAsync(db => db.OutboxSms.CountAsync(m => m.TrialSignupId == signup.Id)));
    }

    [Fact]
    public async Task ASecondSignupWithAVerifiedMobile_IsRefused_AndCreatesNoAccount()
    {
        using var browser = Portal.CreateBrowser();
        var first = TrialJourney.ValidForm();
        var signup = await TrialJourney.SignUpAndConfirmAsync(Portal, browser, first);
        var again = TrialJourney.ValidForm(mobile: signup.MobileE164, country: "US");

        using var other = Portal.CreateBrowser();
        var response = await TrialJourney.SubmitAsync(other, again);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("This mobile number has already been used for a trial.", await response.Content.ReadAsStringAsync());
        Assert.False(await Portal.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == again["Form.Email"])));
    }

    [Theory]
    [InlineData("056 1234 5678", "Internet (VoIP) numbers can&#x27;t be used for a trial.")]
    [InlineData("09090 123456", "Premium-rate, shared-cost and service numbers can&#x27;t be used for a trial.")]
    public async Task AVoipOrPremiumMobile_IsRefusedNextToTheField_AndNoAccountIsMade(string mobile, string message)
    {
        using var browser = Portal.CreateBrowser();
        var form = TrialJourney.ValidForm(mobile: mobile, area: "GB|London");

        var response = await TrialJourney.SubmitAsync(browser, form);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Matches($"data-valmsg-for=\"Form.Mobile\"[^>]*>{System.Text.RegularExpressions.Regex.Escape(message)}", page);
        Assert.False(await Portal.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == form["Form.Email"])));
    }

    private static string WrongCode(string code) => ((int.Parse(code) + 1) % 1_000_000).ToString("D6");

    private static async Task<string> BodyAsync(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    private Task<TrialSignupStatus> StatusAsync(Guid id) => Portal.WithDbAsync(db => db.TrialSignups.Where(s => s.Id == id).Select(s => s.Status).SingleAsync());

    private async Task AssertNotProvisionedAsync(Guid signupId, TrialSignupStatus expected)
    {
        Assert.Equal(expected, await StatusAsync(signupId));
        await TrialJourney.ProvisionAsync(Portal, signupId);
        Assert.False(await Portal.WithDbAsync(db => db.Tenants.AnyAsync(t => t.Id == signupId)));
    }
}

public sealed class MobileVerificationTestsOnSqlite(SignupPortal<SqlitePortal> fixture) : MobileVerificationTests<SqlitePortal>(fixture);

public sealed class MobileVerificationTestsOnPostgres(SignupPortal<PostgresPortal> fixture) : MobileVerificationTests<PostgresPortal>(fixture);
