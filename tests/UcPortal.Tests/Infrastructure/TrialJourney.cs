using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UcPortal.Data;
using UcPortal.Data.Entities;
using UcPortal.Web.Features.Trials;

namespace UcPortal.Tests.Infrastructure;

/// <summary>Builds valid trial signups: every call gives a new company domain and mobile number.</summary>
public static partial class TrialJourney
{
    private static int _counter = Random.Shared.Next(100_000, 900_000);

    public const string Password = "Trial-Passw0rd";

    /// <summary>A form that passes every rule and no review rule: the mobile is of the chosen area's
    /// country (a UK mobile for a GB area, a US one for a US area), unless a test gives its own.</summary>
    public static Dictionary<string, string> ValidForm(string? email = null, string? mobile = null, string area = "US|New York", string? country = null)
    {
        var n = Interlocked.Increment(ref _counter);
        var areaCountry = area.Split('|')[0];
        country ??= mobile is null && areaCountry == "US" ? "US" : "GB";
        return new Dictionary<string, string>
        {
            ["Form.FullName"] = "Ada Lovelace",
            ["Form.Company"] = $"Analytical Engines {n}",
            ["Form.Email"] = email ?? $"ada@engines-{n}.example.com",
            ["Form.Password"] = Password,
            ["Form.Country"] = country,
            ["Form.Mobile"] = mobile ?? (country == "US" ? UniqueUsMobile(n) : UniqueUkMobile(n)),
            ["Form.Area"] = area,
        };
    }

    /// <summary>UK mobile numbers (07701 …): valid for libphonenumber, unique per call. Never dialled.</summary>
    public static string UniqueUkMobile(int n) => $"07701 {n % 1000000:D6}";

    /// <summary>US numbers (650 2xx–9xx …): libphonenumber's "fixed line or mobile", unique per call. Never dialled.</summary>
    public static string UniqueUsMobile(int n) => $"+1 650 {200 + n / 10000 % 800:D3} {n % 10000:D4}";

    public static Task<HttpResponseMessage> SubmitAsync(PortalBrowser browser, Dictionary<string, string> form) =>
        browser.SubmitAsync("/trial", "/trial", form);

    /// <summary>Signs up, follows the confirmation link from the outbox, enters the code texted to the
    /// mobile (from the SMS outbox), and returns the signup (Provisioning, or InReview when a rule matched).</summary>
    public static async Task<TrialSignup> SignUpAndConfirmAsync(PortalFactory portal, PortalBrowser browser, Dictionary<string, string>? form = null)
    {
        var signup = await SignUpAndConfirmEmailAsync(portal, browser, form);
        var verified = await EnterCodeAsync(browser, await MobileCodeAsync(portal, signup.Id));
        Assert.Equal("/dashboard", verified.Headers.Location?.OriginalString);
        return await portal.WithDbAsync(db => db.TrialSignups.AsNoTracking().SingleAsync(s => s.Id == signup.Id));
    }

    /// <summary>Signs up and follows the confirmation link: the signup waits for its mobile code.</summary>
    public static async Task<TrialSignup> SignUpAndConfirmEmailAsync(PortalFactory portal, PortalBrowser browser, Dictionary<string, string>? form = null)
    {
        form ??= ValidForm();
        var response = await SubmitAsync(browser, form);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        var link = await ConfirmationLinkAsync(portal, form["Form.Email"]);
        var confirm = await browser.GetAsync(link);
        Assert.Equal("/trial/verify-mobile", confirm.Headers.Location?.OriginalString);
        return await portal.WithDbAsync(db => db.TrialSignups.AsNoTracking().SingleAsync(s => s.Email == form["Form.Email"]));
    }

    /// <summary>The code in the newest text message to the signup's mobile, read like a person reads the SMS.</summary>
    public static async Task<string> MobileCodeAsync(PortalFactory portal, Guid signupId)
    {
        var body = await portal.WithDbAsync(db => db.OutboxSms.AsNoTracking()
            .Where(m => m.TrialSignupId == signupId && m.Template == "mobile-code")
            .OrderByDescending(m => m.CreatedAtUtc)
            .Select(m => m.Body)
            .FirstAsync());
        var match = SmsCode().Match(body);
        Assert.True(match.Success, $"The text message has no code: {body}");
        return match.Value;
    }

    public static Task<HttpResponseMessage> EnterCodeAsync(PortalBrowser browser, string code) =>
        browser.SubmitAsync("/trial/verify-mobile", "/trial/verify-mobile", [new("code", code)]);

    public static async Task<string> ConfirmationLinkAsync(PortalFactory portal, string email)
    {
        var html = await portal.WithDbAsync(db => db.OutboxEmails.AsNoTracking()
            .Where(e => e.ToAddress == email && e.Template == "confirm-email")
            .OrderByDescending(e => e.CreatedAtUtc)
            .Select(e => e.HtmlBody)
            .FirstAsync());
        var match = ConfirmLink().Match(html);
        Assert.True(match.Success, "The confirmation email has no confirmation link");
        // The email's links are absolute (Portal:PublicBaseUrl); the test client wants the path.
        return new Uri(System.Net.WebUtility.HtmlDecode(match.Groups[1].Value)).PathAndQuery;
    }

    public static async Task ProvisionAsync(PortalFactory portal, Guid signupId)
    {
        await using var scope = portal.Scope();
        await scope.ServiceProvider.GetRequiredService<TrialProvisioningJob>().RunAsync(signupId, CancellationToken.None);
    }

    /// <summary>Takes the tenant's set-up as already applied to the SIP core and forgets its change
    /// record, so a test of PBX changes sees only the changes it makes (version 1 is its first).</summary>
    public static Task ForgetSetUpChangeAsync(PortalFactory portal, Guid tenantId) =>
        portal.WithDbAsync(async db =>
        {
            await db.ConfigChanges.Where(c => c.TenantId == tenantId).ExecuteDeleteAsync();
            return await db.TenantSyncStates.Where(s => s.TenantId == tenantId).ExecuteDeleteAsync();
        });

    [GeneratedRegex(@"\b\d{6}\b")]
    private static partial Regex SmsCode();

    [GeneratedRegex("href=\"(http[^\"]*/account/confirm-email[^\"]*)\"")]
    private static partial Regex ConfirmLink();
}
