using System.Net;
using Microsoft.EntityFrameworkCore;
using UcPortal.Tests.Infrastructure;

namespace UcPortal.Tests.Pbx;

/// <summary>Routes no other test reached: the header's sync badge, logging out, and sending the
/// confirmation email again.</summary>
public sealed class UntestedRoutesTests(SqlitePortalWithSipCore portal) : IClassFixture<SqlitePortalWithSipCore>
{
    [Fact]
    public async Task TheSyncBadge_ShowsTheState_LinkingToChangesForTheOwner_NotForAMember_AndRefusesAnonymous()
    {
        using var tenant = await PbxTenants.CreateAsync(portal);
        await portal.WithDbAsync(db => db.TenantSyncStates.Where(s => s.TenantId == tenant.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.DesiredVersion, x => x.AppliedVersion + 1)));

        var owner = await tenant.Owner.GetPageAsync("/pbx/changes/badge");
        using var member = await PbxTenants.MemberAsync(portal, tenant.Id, "101");
        var memberBadge = await member.GetPageAsync("/pbx/changes/badge");
        using var anonymous = portal.CreateBrowser();
        var refused = await anonymous.GetAsync("/pbx/changes/badge");

        Assert.Contains("data-sync-state=\"Pending\"", owner);
        Assert.Contains("Changes pending", owner);
        Assert.Contains("href=\"/pbx/changes\"", owner);
        Assert.Contains("hx-get=\"/pbx/changes/badge\"", owner); // keeps polling while a change is on its way
        Assert.Contains("data-sync-state=\"Pending\"", memberBadge);
        Assert.DoesNotContain("href=\"/pbx/changes\"", memberBadge);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("/account/login", refused.Headers.Location!.ToString());
    }

    [Fact]
    public async Task LogOut_EndsTheSession_ThePortalAsksToLogInAgain()
    {
        using var tenant = await PbxTenants.CreateAsync(portal);
        await tenant.Owner.GetPageAsync("/dashboard");

        var logout = await tenant.Owner.PostWithTokenAsync("/dashboard", "/account/logout");
        var after = await tenant.Owner.GetAsync("/dashboard");

        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal("/", logout.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/account/login", after.Headers.Location!.ToString());
    }

    [Fact]
    public async Task ResendingTheConfirmation_SendsANewEmail_ToAnUnconfirmedSignup_AndSaysTheSameForAnUnknownAddress()
    {
        using var browser = portal.CreateBrowser();
        var form = TrialJourney.ValidForm();
        var email = form["Form.Email"];
        await TrialJourney.SubmitAsync(browser, form);
        Task<int> Confirmations(string to) => portal.WithDbAsync(db => db.OutboxEmails.CountAsync(e => e.ToAddress == to && e.Template == "confirm-email"));
        var before = await Confirmations(email);

        var resent = await browser.PostWithTokenAsync("/trial/check-email", "/trial/resend", [new("email", email)]);
        var unknown = await browser.PostWithTokenAsync("/trial/check-email", "/trial/resend", [new("email", "nobody-" + email)]);

        Assert.Equal(1, before);
        Assert.Equal(2, await Confirmations(email));
        Assert.Equal(0, await Confirmations("nobody-" + email));
        Assert.All([resent, unknown], r => Assert.Equal((HttpStatusCode.Redirect, "/trial/check-email"), (r.StatusCode, r.Headers.Location?.ToString())));
    }
}
