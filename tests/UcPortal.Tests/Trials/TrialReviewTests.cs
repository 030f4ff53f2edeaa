using System.Net;
using Microsoft.EntityFrameworkCore;
using UcPortal.Data.Entities;
using UcPortal.Tests.Infrastructure;
using UcPortal.Web.Features.Shared;

namespace UcPortal.Tests.Trials;

/// <summary>Signups that match a risk rule wait for staff instead of being provisioned: the prospect
/// is told we are checking, staff see why, and approve (provisioned at once) or refuse (emailed why).</summary>
public abstract class TrialReviewTests<TPortal>(SignupPortal<TPortal> fixture) : IClassFixture<SignupPortal<TPortal>> where TPortal : PortalFactory, new()
{
    private PortalFactory Portal => fixture.Portal;

    [Fact]
    public async Task TheThirdSignupFromOneAddressInADay_GoesToReview_WithTheReasonKept()
    {
        var ip = RandomNetwork() + ".7";
        for (var i = 0; i < 2; i++)
        {
            var earlier = await SignUpFromAsync(ip);
            Assert.Equal(TrialSignupStatus.Provisioning, earlier.Status);
        }

        var third = await SignUpFromAsync(ip);

        await AssertInReviewAsync(third, $"3 signups from {ip} in 24 hours (more than 2)");
    }

    [Fact]
    public async Task TheFourthSignupFromOneNetworkInADay_GoesToReview()
    {
        var network = RandomNetwork();
        for (var i = 1; i <= 3; i++)
        {
            Assert.Equal(TrialSignupStatus.Provisioning, (await SignUpFromAsync($"{network}.{i}")).Status);
        }

        var fourth = await SignUpFromAsync($"{network}.200");

        await AssertInReviewAsync(fourth, $"4 signups from network {network}.0/24 in 24 hours (more than 3)");
    }

    [Fact]
    public async Task SignupsFromOneIpv6Network_AreCountedPer64()
    {
        var prefix = $"2001:db8:{Random.Shared.Next(1, 0xffff):x}:{Random.Shared.Next(1, 0xffff):x}";
        for (var i = 1; i <= 3; i++)
        {
            Assert.Equal(TrialSignupStatus.Provisioning, (await SignUpFromAsync($"{prefix}::{i:x}")).Status);
        }

        var fourth = await SignUpFromAsync($"{prefix}:1234:5678:9abc:def0");

        await AssertInReviewAsync(fourth, $"4 signups from network {prefix}::/64 in 24 hours (more than 3)");
    }

    [Fact]
    public async Task AMobileFromAnotherCountryThanTheChosenNumber_GoesToReview()
    {
        using var browser = Portal.CreateBrowser();

        var signup = await TrialJourney.SignUpAndConfirmAsync(Portal, browser, TrialJourney.ValidForm(area: "US|New York", country: "GB"));

        await AssertInReviewAsync(signup, "Mobile is from GB, trial number chosen in US");
        Assert.Contains("We are checking your trial, usually within an hour", WebUtility.HtmlDecode(await browser.GetPageAsync("/dashboard")), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ARequestFromAnotherCountry_PerTheProxyHeader_GoesToReview()
    {
        using var browser = Portal.CreateBrowser();
        browser.Http.DefaultRequestHeaders.Add("CF-IPCountry", "NG");

        var signup = await TrialJourney.SignUpAndConfirmAsync(Portal, browser);

        Assert.Equal("NG", signup.RequestCountry);
        await AssertInReviewAsync(signup, "Request came from NG, mobile is from US");
    }

    [Fact]
    public async Task MatchingCountries_AreProvisionedWithoutReview()
    {
        using var browser = Portal.CreateBrowser();
        browser.Http.DefaultRequestHeaders.Add("CF-IPCountry", "US");

        var signup = await TrialJourney.SignUpAndConfirmAsync(Portal, browser);

        Assert.Equal(TrialSignupStatus.Provisioning, signup.Status);
        Assert.Null(signup.ReviewReasons);
    }

    [Fact]
    public async Task StaffApproval_ProvisionsAtOnce_RecordsWhoAndWhy_AndEmailsTheProspect()
    {
        using var prospect = Portal.CreateBrowser();
        var signup = await TrialJourney.SignUpAndConfirmAsync(Portal, prospect, TrialJourney.ValidForm(area: "US|New York", country: "GB"));
        using var staff = await StaffBrowserAsync();
        var queue = WebUtility.HtmlDecode(await staff.GetPageAsync("/admin/trial-reviews"));
        Assert.Contains(signup.Email, queue);
        Assert.Contains("Mobile is from GB, trial number chosen in US", queue);

        var approved = await staff.PostWithTokenAsync("/admin/trial-reviews", $"/admin/trial-reviews/{signup.Id}/approve", [new("note", "Sales knows them: UK office opening in New York")]);

        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        var decided = await Portal.WithDbAsync(db => db.TrialSignups.AsNoTracking().SingleAsync(s => s.Id == signup.Id));
        Assert.Equal(TrialSignupStatus.Provisioning, decided.Status);
        Assert.StartsWith("staff:support-", decided.ReviewedBy);
        Assert.True(await Portal.WithDbAsync(db => db.OutboxEmails.AnyAsync(e => e.ToAddress == signup.Email && e.Template == "trial-approved")));
        var audit = await Portal.WithDbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(a => a.Action == AuditActions.TrialReviewApproved && a.Target!.Contains(signup.Email)));
        Assert.Equal("staff:" + audit.Actor, decided.ReviewedBy);
        Assert.Equal("Sales knows them: UK office opening in New York", audit.Detail);

        await TrialJourney.ProvisionAsync(Portal, signup.Id);
        var history = await Portal.WithDbAsync(db => db.TenantEvents.AsNoTracking().Where(e => e.TenantId == signup.Id).ToListAsync());
        Assert.Contains(history, e => e.Kind == "review" && e.Message == "Sent to staff review: Mobile is from GB, trial number chosen in US");
        Assert.Contains(history, e => e.Kind == "review" && e.Message == "Trial approved after review: Sales knows them: UK office opening in New York" && e.Actor == decided.ReviewedBy);
        Assert.Contains("data-extension=\"100\"", await prospect.GetPageAsync("/dashboard"));
    }

    [Fact]
    public async Task StaffRefusal_ProvisionsNothing_AndTellsTheProspectWhy()
    {
        using var prospect = Portal.CreateBrowser();
        var signup = await TrialJourney.SignUpAndConfirmAsync(Portal, prospect, TrialJourney.ValidForm(area: "US|New York", country: "GB"));
        using var staff = await StaffBrowserAsync();

        var withoutReason = await staff.PostWithTokenAsync("/admin/trial-reviews", $"/admin/trial-reviews/{signup.Id}/refuse", [new("note", " ")]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, withoutReason.StatusCode);
        Assert.Contains("Say why you refuse this trial: the prospect reads it.", WebUtility.HtmlDecode(await withoutReason.Content.ReadAsStringAsync()));
        Assert.Equal(TrialSignupStatus.InReview, await StatusAsync(signup.Id));
        Assert.False(await Portal.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == AuditActions.TrialReviewRefused && a.Target!.Contains(signup.Email))));

        var refused = await staff.PostWithTokenAsync("/admin/trial-reviews", $"/admin/trial-reviews/{signup.Id}/refuse", [new("note", "The company could not be found")]);

        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal(TrialSignupStatus.Refused, await StatusAsync(signup.Id));
        Assert.Equal("The company could not be found", await Portal.WithDbAsync(db => db.AuditEntries.Where(a => a.Action == AuditActions.TrialReviewRefused && a.Target!.Contains(signup.Email)).Select(a => a.Detail).SingleAsync()));
        await TrialJourney.ProvisionAsync(Portal, signup.Id);
        Assert.False(await Portal.WithDbAsync(db => db.Tenants.AnyAsync(t => t.Id == signup.Id)));
        var email = await Portal.WithDbAsync(db => db.OutboxEmails.AsNoTracking().SingleAsync(e => e.ToAddress == signup.Email && e.Template == "trial-refused"));
        Assert.Contains("Reason: The company could not be found", email.TextBody);
        Assert.Contains("could not approve it: The company could not be found", WebUtility.HtmlDecode(await prospect.GetPageAsync("/dashboard")));
        // A second decision changes nothing.
        var again = await staff.PostWithTokenAsync("/admin/trial-reviews", $"/admin/trial-reviews/{signup.Id}/approve", [new("note", "changed my mind")]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        Assert.Equal(TrialSignupStatus.Refused, await StatusAsync(signup.Id));
    }

    private async Task<TrialSignup> SignUpFromAsync(string ip)
    {
        using var browser = Portal.CreateBrowser();
        browser.Http.DefaultRequestHeaders.Add("X-Forwarded-For", ip);
        return await TrialJourney.SignUpAndConfirmAsync(Portal, browser);
    }

    private async Task AssertInReviewAsync(TrialSignup signup, string reason)
    {
        Assert.Equal(TrialSignupStatus.InReview, signup.Status);
        Assert.Contains(reason, (signup.ReviewReasons ?? "").Split('\n'));
        await TrialJourney.ProvisionAsync(Portal, signup.Id);
        Assert.False(await Portal.WithDbAsync(db => db.Tenants.AnyAsync(t => t.Id == signup.Id)));
        Assert.True(await Portal.WithDbAsync(db => db.OutboxEmails.AnyAsync(e => e.Template == "staff-alert" && e.Subject.Contains(signup.Company))));
    }

    private async Task<PortalBrowser> StaffBrowserAsync()
    {
        var email = await Staff.CreateAsync(Portal, StaffRoles.Support);
        var browser = Portal.CreateBrowser();
        await browser.LogInAsync(email, Staff.Password);
        return browser;
    }

    private Task<TrialSignupStatus> StatusAsync(Guid id) => Portal.WithDbAsync(db => db.TrialSignups.Where(s => s.Id == id).Select(s => s.Status).SingleAsync());

    private static string RandomNetwork() => $"198.51.{Random.Shared.Next(0, 255)}";
}

public sealed class TrialReviewTestsOnSqlite(SignupPortal<SqlitePortal> fixture) : TrialReviewTests<SqlitePortal>(fixture);

public sealed class TrialReviewTestsOnPostgres(SignupPortal<PostgresPortal> fixture) : TrialReviewTests<PostgresPortal>(fixture);
