using System.Net;
using Microsoft.EntityFrameworkCore;
using UcPortal.Tests.Infrastructure;

namespace UcPortal.Tests.Trials;

/// <summary>The trial form: every bad input gets its message next to its field and writes nothing;
/// one trial per email, mobile number and company domain. Runs on SQLite and on PostgreSQL.</summary>
public abstract class StartTrialTests<TPortal>(TPortal portal) : IClassFixture<TPortal> where TPortal : PortalFactory
{
    public static TheoryData<string, string, string, string> BadInputs => new()
    {
        // field, value, field name in the page, expected message
        { "Form.Email", "not-an-email", "Form.Email", "Enter an email address like name@company.com." },
        { "Form.Email", "ada@engines", "Form.Email", "Enter an email address like name@company.com." },
        { "Form.Email", "someone@mailinator.com", "Form.Email", "Disposable email addresses can't be used for a trial." },
        { "Form.Email", "someone@eu.yopmail.com", "Form.Email", "Disposable email addresses can't be used for a trial." },
        { "Form.Password", "short1A", "Form.Password", "Use at least 10 characters." },
        { "Form.Password", "alllowercase123", "Form.Password", "Include at least one capital letter (A-Z)." },
        { "Form.Password", "NoDigitsAtAllHere", "Form.Password", "Include at least one digit (0-9)." },
        { "Form.Mobile", "12345", "Form.Mobile", "is not a valid mobile number in United Kingdom" },
        { "Form.Mobile", "020 7946 0100", "Form.Mobile", "Enter a mobile number" },
        { "Form.Mobile", "phone", "Form.Mobile", "Enter your mobile number, e.g." },
        { "Form.Country", "XX", "Form.Country", "Choose your country from the list." },
        { "Form.Area", "US|Atlantis", "Form.Area", "Choose an area from the list." },
        { "Form.Area", "", "Form.Area", "Choose where you want your trial number." },
        { "Form.Company", "", "Form.Company", "Enter your company's name." },
        { "Form.FullName", "", "Form.FullName", "Enter your name." },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task StartTrial_WithBadInput_ShowsTheMessageNextToTheField_AndWritesNothing(string field, string value, string htmlField, string message)
    {
        using var browser = portal.CreateBrowser();
        var form = TrialJourney.ValidForm(area: "GB|London");
        form[field] = value;

        var response = await TrialJourney.SubmitAsync(browser, form);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var validationSpan = $"data-valmsg-for=\"{htmlField}\"";
        var at = html.IndexOf(validationSpan, StringComparison.Ordinal);
        Assert.True(at >= 0, $"no validation slot for {htmlField}");
        var slot = WebUtility.HtmlDecode(html[at..html.IndexOf("</span>", at, StringComparison.Ordinal)]);
        Assert.Contains(message, slot);
        Assert.False(await portal.WithDbAsync(db => db.TrialSignups.AnyAsync(s => s.Company == form["Form.Company"])));
        Assert.False(await portal.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == form["Form.Email"])));
        Assert.False(await portal.WithDbAsync(db => db.OutboxEmails.AnyAsync(e => e.ToAddress == form["Form.Email"])));
    }

    [Fact]
    public async Task StartTrial_WithValidInput_StoresTheSignup_AndQueuesTheConfirmationEmail()
    {
        using var browser = portal.CreateBrowser();
        var form = TrialJourney.ValidForm(area: "GB|London");

        var response = await TrialJourney.SubmitAsync(browser, form);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/trial/check-email", response.Headers.Location?.OriginalString);
        var signup = await portal.WithDbAsync(db => db.TrialSignups.SingleAsync(s => s.Email == form["Form.Email"]));
        Assert.Equal(UcPortal.Data.Entities.TrialSignupStatus.AwaitingConfirmation, signup.Status);
        Assert.StartsWith("+447701", signup.MobileE164);
        Assert.Equal(form["Form.Email"].Split('@')[1], signup.CompanyDomain);
        var email = await portal.WithDbAsync(db => db.OutboxEmails.SingleAsync(e => e.ToAddress == form["Form.Email"]));
        Assert.Equal("confirm-email", email.Template);
        Assert.Contains("/account/confirm-email?userId=", email.HtmlBody);
        Assert.Contains("/account/confirm-email?userId=", email.TextBody);
        var page = await browser.GetPageAsync("/trial/check-email");
        Assert.Contains(form["Form.Email"], page);
    }

    [Fact]
    public async Task StartTrial_WithAnEmailAlreadyUsed_IsRefused()
    {
        using var browser = portal.CreateBrowser();
        var first = TrialJourney.ValidForm();
        await TrialJourney.SubmitAsync(browser, first);
        var second = TrialJourney.ValidForm(email: first["Form.Email"].ToUpperInvariant());

        var response = await TrialJourney.SubmitAsync(browser, second);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("A trial has already been started with this email address.", await response.Content.ReadAsStringAsync());
        Assert.False(await portal.WithDbAsync(db => db.TrialSignups.AnyAsync(s => s.Company == second["Form.Company"])));
    }

    [Fact]
    public async Task StartTrial_WithAGmailAddressThatDiffersOnlyByDotsOrTag_IsRefused()
    {
        using var browser = portal.CreateBrowser();
        var id = Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(HttpStatusCode.Redirect, (await TrialJourney.SubmitAsync(browser, TrialJourney.ValidForm(email: $"ada.love{id}@gmail.com"))).StatusCode);

        var response = await TrialJourney.SubmitAsync(browser, TrialJourney.ValidForm(email: $"adalove{id}+second@googlemail.com"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("A trial has already been started with this email address.", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task StartTrial_WithAMobileAlreadyUsed_IsRefused()
    {
        using var browser = portal.CreateBrowser();
        var first = TrialJourney.ValidForm(country: "GB");
        await TrialJourney.SubmitAsync(browser, first);
        // The same number written differently: international format instead of national.
        var mobile = "+44 " + first["Form.Mobile"][1..];

        var response = await TrialJourney.SubmitAsync(browser, TrialJourney.ValidForm(mobile: mobile));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("This mobile number has already been used for a trial.", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task StartTrial_FromACompanyDomainThatAlreadyHasATrial_IsRefused()
    {
        using var browser = portal.CreateBrowser();
        var first = TrialJourney.ValidForm();
        await TrialJourney.SubmitAsync(browser, first);
        var domain = first["Form.Email"].Split('@')[1];

        var response = await TrialJourney.SubmitAsync(browser, TrialJourney.ValidForm(email: $"colleague@{domain}"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains($"Someone at {domain} has already started a trial.", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task StartTrial_FromAFreeMailDomain_IsNotLimitedToOneTrialPerDomain()
    {
        using var browser = portal.CreateBrowser();
        var id = Guid.NewGuid().ToString("N")[..8];

        var first = await TrialJourney.SubmitAsync(browser, TrialJourney.ValidForm(email: $"first{id}@outlook.com"));
        var second = await TrialJourney.SubmitAsync(browser, TrialJourney.ValidForm(email: $"second{id}@outlook.com"));

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
    }

    [Fact]
    public async Task StartTrial_WithoutTheAntiforgeryToken_IsRejected()
    {
        using var browser = portal.CreateBrowser();

        var response = await browser.Http.PostAsync("/trial", new FormUrlEncodedContent(TrialJourney.ValidForm()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}

public sealed class StartTrialTestsOnSqlite(SqlitePortal portal) : StartTrialTests<SqlitePortal>(portal);

public sealed class StartTrialTestsOnPostgres(PostgresPortal portal) : StartTrialTests<PostgresPortal>(portal);
