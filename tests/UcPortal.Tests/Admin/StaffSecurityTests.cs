using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using UcPortal.Data.Entities;
using UcPortal.Tests.Infrastructure;
using UcPortal.Web.Features.Shared;

namespace UcPortal.Tests.Admin;

/// <summary>Staff sign-in with the second factor, recovery codes, resets, invitations and role
/// changes, each with its audit line.</summary>
public abstract partial class StaffSecurityTests<TPortal>(TPortal portal) : IClassFixture<TPortal> where TPortal : PortalFactory
{
    private Task<List<AuditEntry>> AuditOfAsync(string actorOrTarget) =>
        portal.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.Actor == actorOrTarget || e.Target == actorOrTarget).OrderBy(e => e.Id).ToListAsync());

    [Fact]
    public async Task SignIn_AsksForTheAuthenticatorCode_RefusesAWrongOne_AndAcceptsTheCurrentOne()
    {
        var email = await Staff.CreateAsync(portal, StaffRoles.Support);
        using var browser = portal.CreateBrowser();

        var password = await browser.SubmitAsync("/account/login", "/account/login", [new("Email", email), new("Password", Staff.Password)]);
        Assert.Equal(HttpStatusCode.Redirect, password.StatusCode);
        var step = password.Headers.Location!.OriginalString;
        Assert.StartsWith("/account/login/code", step);
        // The password alone signs nobody in.
        Assert.Contains("/account/login", (await browser.GetAsync("/admin")).Headers.Location!.ToString());

        var wrongCode = ((int.Parse(Staff.CodeFor(email)) + 500_000) % 1_000_000).ToString("D6");
        var wrong = await browser.SubmitAsync(step, "/account/login/code", [new("Code", wrongCode)]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
        Assert.Contains("That code is not valid", await wrong.Content.ReadAsStringAsync());

        var right = await browser.SubmitAsync(step, "/account/login/code", [new("Code", Staff.CodeFor(email))]);
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal("/admin", right.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/admin")).StatusCode);

        var audit = await AuditOfAsync(email);
        Assert.Equal([AuditActions.SignInTwoFactorFailed, AuditActions.SignIn], audit.Select(e => e.Action));
        Assert.Equal("Password and authenticator code.", audit[1].Detail);
        Assert.All(audit, e => Assert.False(string.IsNullOrEmpty(e.ActorUserId)));
    }

    [Fact]
    public async Task Enrolment_ShowsAQrCodeAndTenRecoveryCodesOnce_AndARecoveryCodeSignsInOnce()
    {
        var email = await Staff.CreateAsync(portal, StaffRoles.Support, enrolled: false);
        using var browser = portal.CreateBrowser();
        var first = await browser.LogInAsync(email, Staff.Password);
        Assert.Equal("/admin", first.Headers.Location!.OriginalString);
        var sent = await browser.GetAsync("/admin");
        Assert.Equal("/account/two-factor?returnUrl=%2Fadmin", sent.Headers.Location!.OriginalString);

        var page = await browser.GetPageAsync("/account/two-factor?returnUrl=%2Fadmin");
        Assert.Contains("src=\"data:image/png;base64,", page);
        Assert.DoesNotContain("<script>", page);
        var key = SharedKeyPattern().Match(page).Groups[1].Value;
        Assert.Contains($"otpauth://totp/UcPortal:{Uri.EscapeDataString(email)}?secret={key.Replace(" ", "").ToUpperInvariant()}", WebUtility.HtmlDecode(page));
        var badCode = await browser.SubmitAsync("/account/two-factor", "/account/two-factor/enable", [new("Code", "000000x")]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badCode.StatusCode);
        Assert.Contains("That code does not match", await badCode.Content.ReadAsStringAsync());

        var enabled = await browser.SubmitAsync("/account/two-factor", "/account/two-factor/enable", [new("Code", Totp.Code(key)), new("ReturnUrl", "/admin")]);
        var codes = RecoveryCodePattern().Matches(await enabled.Content.ReadAsStringAsync()).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(10, codes.Count);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/admin")).StatusCode);
        Assert.DoesNotContain(codes[0], await browser.GetPageAsync("/account/two-factor"));

        using var lostPhone = portal.CreateBrowser();
        var step = (await lostPhone.SubmitAsync("/account/login", "/account/login", [new("Email", email), new("Password", Staff.Password)])).Headers.Location!.OriginalString;
        var recovered = await lostPhone.SubmitAsync(step, "/account/login/code", [new("Code", codes[0])]);
        Assert.Equal(HttpStatusCode.Redirect, recovered.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await lostPhone.GetAsync("/admin")).StatusCode);
        using var again = portal.CreateBrowser();
        step = (await again.SubmitAsync("/account/login", "/account/login", [new("Email", email), new("Password", Staff.Password)])).Headers.Location!.OriginalString;
        var reused = await again.SubmitAsync(step, "/account/login/code", [new("Code", codes[0])]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        Assert.Contains("That recovery code is not valid", await reused.Content.ReadAsStringAsync());

        var audit = await AuditOfAsync(email);
        Assert.Equal(
            [AuditActions.SignIn, AuditActions.TwoFactorEnrolled, AuditActions.SignIn, AuditActions.SignInTwoFactorFailed],
            audit.Select(e => e.Action));
        Assert.Equal("Password and a recovery code (9 left).", audit[2].Detail);
    }

    [Fact]
    public async Task ResettingOwnAuthenticator_ClosesTheStaffAreaUntilEnrolledAgain()
    {
        var email = await Staff.CreateAsync(portal, StaffRoles.Support);
        using var browser = portal.CreateBrowser();
        await browser.LogInAsync(email, Staff.Password);

        var reset = await browser.SubmitAsync("/account/two-factor", "/account/two-factor/reset", []);

        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        Assert.StartsWith("/account/two-factor", (await browser.GetAsync("/admin")).Headers.Location!.OriginalString);
        var page = await browser.GetPageAsync("/account/two-factor");
        var newKey = SharedKeyPattern().Match(page).Groups[1].Value.Replace(" ", "").ToUpperInvariant();
        Assert.NotEqual(Staff.KeyOf(email), newKey);
        Assert.Contains(AuditActions.TwoFactorReset, (await AuditOfAsync(email)).Select(e => e.Action));
    }

    [Fact]
    public async Task FailedSignIns_AndTheLockout_AreAudited_WithTheTypedAddress()
    {
        var email = await Staff.CreateAsync(portal, StaffRoles.Support);
        using var browser = portal.CreateBrowser();
        var nobody = $"nobody-{Guid.NewGuid():N}@example.com";

        await browser.SubmitAsync("/account/login", "/account/login", [new("Email", nobody), new("Password", "Wrong-Passw0rd")]);
        for (var i = 0; i < 5; i++)
        {
            await browser.SubmitAsync("/account/login", "/account/login", [new("Email", email), new("Password", "Wrong-Passw0rd")]);
        }
        await browser.SubmitAsync("/account/login", "/account/login", [new("Email", email), new("Password", Staff.Password)]);

        var unknown = Assert.Single(await AuditOfAsync(nobody));
        Assert.Equal((AuditActions.SignInFailed, "No account with this email.", (string?)null), (unknown.Action, unknown.Detail, unknown.ActorUserId));
        var actions = (await AuditOfAsync(email)).Select(e => e.Action).ToList();
        // The fifth wrong password locks the account; the right one is then refused too.
        Assert.Equal([.. Enumerable.Repeat(AuditActions.SignInFailed, 4), AuditActions.LockedOut, AuditActions.LockedOut], actions);
    }

    [Fact]
    public async Task AnAdmin_InvitesStaff_ByEmail_AndTheInviteeChoosesAPassword_ThenEnrols()
    {
        var admin = await Staff.CreateAsync(portal, StaffRoles.Admin);
        using var browser = portal.CreateBrowser();
        await browser.LogInAsync(admin, Staff.Password);
        var invitee = $"new-{Guid.NewGuid():N}@ucportal.test";

        var invited = await browser.SubmitAsync("/admin/staff", "/admin/staff/invite", [new("Form.Email", invitee), new("Form.FullName", "Ada Lovelace"), new("Form.Role", "Support")]);

        Assert.Equal(HttpStatusCode.Redirect, invited.StatusCode);
        var email = await portal.WithDbAsync(db => db.OutboxEmails.AsNoTracking().SingleAsync(e => e.ToAddress == invitee));
        Assert.Equal("staff-invitation", email.Template);
        var link = WebUtility.HtmlDecode(InvitationLink().Match(email.HtmlBody).Groups[1].Value);
        Assert.StartsWith("http://portal.test/account/staff-invitation?userId=", link);
        Assert.Contains("data-staff=\"" + invitee + "\"", await browser.GetPageAsync("/admin/staff"));
        var path = new Uri(link).PathAndQuery;
        var form = await browser.GetPageAsync(path);
        var userId = HiddenValue("UserId", form);
        var code = HiddenValue("Code", form);
        using var newcomer = portal.CreateBrowser();

        var weak = await newcomer.SubmitAsync(path, "/account/staff-invitation", [new("UserId", userId), new("Code", code), new("Password", "short"), new("ConfirmPassword", "short")]);
        var accepted = await newcomer.SubmitAsync(path, "/account/staff-invitation", [new("UserId", userId), new("Code", code), new("Password", "Newcomer-Passw0rd"), new("ConfirmPassword", "Newcomer-Passw0rd")]);
        var usedAgain = await newcomer.GetPageAsync(path);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, weak.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Contains("This invitation is not valid any more", usedAgain);
        await newcomer.LogInAsync(invitee, "Newcomer-Passw0rd");
        Assert.StartsWith("/account/two-factor", (await newcomer.GetAsync("/admin")).Headers.Location!.OriginalString);
        Assert.Equal([AuditActions.StaffInvited], (await AuditOfAsync(admin)).Where(e => e.Action.StartsWith("staff.")).Select(e => e.Action));
        var own = await AuditOfAsync(invitee);
        Assert.Equal([AuditActions.StaffInvited, AuditActions.StaffInvitationAccepted, AuditActions.SignIn], own.Select(e => e.Action));
        Assert.Equal(admin, own[0].Actor);
    }

    [Fact]
    public async Task InvitingACustomersAddress_IsRefusedNextToTheField()
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        var admin = await Staff.CreateAsync(portal, StaffRoles.Admin);
        using var browser = portal.CreateBrowser();
        await browser.LogInAsync(admin, Staff.Password);

        var refused = await browser.SubmitAsync("/admin/staff", "/admin/staff/invite", [new("Form.Email", owner.Email), new("Form.FullName", "Someone"), new("Form.Role", "Admin")]);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("staff accounts must be separate", await refused.Content.ReadAsStringAsync());
        Assert.Empty(await AuditOfAsync(owner.Email).ContinueWith(t => t.Result.Where(e => e.Action.StartsWith("staff.")).ToList()));
    }

    [Fact]
    public async Task AnAdmin_ChangesARole_ResetsTwoFactor_AndRemovesStaff_EachEndingTheirSession_AndAudited()
    {
        var admin = await Staff.CreateAsync(portal, StaffRoles.Admin);
        var colleague = await Staff.CreateAsync(portal, StaffRoles.Support);
        var colleagueId = await portal.WithDbAsync(db => db.Users.Where(u => u.Email == colleague).Select(u => u.Id).SingleAsync());
        using var adminBrowser = portal.CreateBrowser();
        await adminBrowser.LogInAsync(admin, Staff.Password);
        using var colleagueBrowser = portal.CreateBrowser();
        await colleagueBrowser.LogInAsync(colleague, Staff.Password);
        Assert.Contains("/account/access-denied", (await colleagueBrowser.GetAsync("/admin/staff")).Headers.Location!.ToString());
        var supportInvite = await colleagueBrowser.Http.PostAsync("/admin/staff/invite", new FormUrlEncodedContent([new("Form.Email", "x@ucportal.test")]));
        Assert.NotEqual(HttpStatusCode.OK, supportInvite.StatusCode);

        var promoted = await adminBrowser.SubmitAsync("/admin/staff", $"/admin/staff/{colleagueId}/role", [new("role", "Admin")]);
        Assert.Equal(HttpStatusCode.Redirect, promoted.StatusCode);
        // The old session ends with the change; signed in again, the colleague is an Admin.
        Assert.Contains("/account/login", (await colleagueBrowser.GetAsync("/admin")).Headers.Location!.ToString());
        await colleagueBrowser.LogInAsync(colleague, Staff.Password);
        Assert.Equal(HttpStatusCode.OK, (await colleagueBrowser.GetAsync("/admin/staff")).StatusCode);

        await adminBrowser.SubmitAsync("/admin/staff", $"/admin/staff/{colleagueId}/reset-two-factor", []);
        using (var afterReset = portal.CreateBrowser())
        {
            var signedIn = await afterReset.LogInAsync(colleague, Staff.Password);
            Assert.Equal("/admin", signedIn.Headers.Location!.OriginalString);
            Assert.StartsWith("/account/two-factor", (await afterReset.GetAsync("/admin")).Headers.Location!.OriginalString);
        }

        var selfRemoval = await adminBrowser.SubmitAsync("/admin/staff", $"/admin/staff/{await portal.WithDbAsync(db => db.Users.Where(u => u.Email == admin).Select(u => u.Id).SingleAsync())}/remove", []);
        Assert.Contains("cannot change your own role or remove yourself", await adminBrowser.GetPageAsync(selfRemoval.Headers.Location!.OriginalString));
        await adminBrowser.SubmitAsync("/admin/staff", $"/admin/staff/{colleagueId}/remove", []);
        using (var removed = portal.CreateBrowser())
        {
            var refused = await removed.SubmitAsync("/account/login", "/account/login", [new("Email", colleague), new("Password", Staff.Password)]);
            Assert.Contains("locked", await refused.Content.ReadAsStringAsync());
        }
        Assert.DoesNotContain("data-staff=\"" + colleague + "\"", await adminBrowser.GetPageAsync("/admin/staff"));

        var byAdmin = (await AuditOfAsync(admin)).Where(e => e.Actor == admin && e.Target == colleague).ToList();
        Assert.Equal([AuditActions.StaffRoleChanged, AuditActions.TwoFactorResetByAdmin, AuditActions.StaffRemoved], byAdmin.Select(e => e.Action));
        Assert.Equal("Support → Admin.", byAdmin[0].Detail);
    }

    internal static string HiddenValue(string name, string page) =>
        WebUtility.HtmlDecode(Regex.Match(page, $"name=\"{name}\" value=\"([^\"]*)\"|id=\"{name}\" name=\"{name}\" value=\"([^\"]*)\"").Groups.Values.Skip(1).First(g => g.Success).Value);

    [GeneratedRegex("id=\"shared-key\">([^<]+)<")]
    private static partial Regex SharedKeyPattern();

    [GeneratedRegex("<li class=\"col py-1\">([^<]+)</li>")]
    private static partial Regex RecoveryCodePattern();

    [GeneratedRegex("href=\"(http[^\"]*/account/staff-invitation\\?[^\"]*)\"")]
    private static partial Regex InvitationLink();
}

public sealed class StaffSecurityTestsOnSqlite(SqlitePortal portal) : StaffSecurityTests<SqlitePortal>(portal);

public sealed class StaffSecurityTestsOnPostgres(PostgresPortal portal) : StaffSecurityTests<PostgresPortal>(portal);
