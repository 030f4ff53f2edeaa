using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UcPortal.Data.Entities;
using UcPortal.Tests.Infrastructure;

namespace UcPortal.Tests.Team;

/// <summary>Inviting people into a tenant by email, accepting, revoking, removing; one tenant per user.</summary>
public abstract partial class TeamInvitationTests<TPortal>(TPortal portal) : IClassFixture<TPortal> where TPortal : PortalFactory
{
    private const string NewPassword = "Joiner-Passw0rd";

    private static string NewEmail() => $"joiner-{Guid.NewGuid():N}@example.com";

    private static Task<HttpResponseMessage> InviteAsync(TenantOwner owner, string email, TenantRole role) =>
        owner.Browser.SubmitAsync("/pbx/team", "/pbx/team/invite", [new("Form.Email", email), new("Form.Role", role.ToString())]);

    /// <summary>The accept link of the newest invitation email to <paramref name="email"/>, as a path.</summary>
    private async Task<string> InvitationLinkAsync(string email)
    {
        var html = await portal.WithDbAsync(db => db.OutboxEmails.AsNoTracking()
            .Where(e => e.ToAddress == email && e.Template == "team-invitation")
            .OrderByDescending(e => e.CreatedAtUtc).Select(e => e.HtmlBody).FirstAsync());
        var match = AcceptLink().Match(html);
        Assert.True(match.Success, "The invitation email has no accept link");
        return new Uri(WebUtility.HtmlDecode(match.Groups[1].Value)).PathAndQuery;
    }

    private static string TokenOf(string link) => Uri.UnescapeDataString(link[(link.IndexOf("token=", StringComparison.Ordinal) + 6)..]);

    /// <summary>Posts the new-account form even when the accept page shows no form (the login page supplies the antiforgery token).</summary>
    private static Task<HttpResponseMessage> CreateAccountAsync(PortalBrowser browser, string link, string password = NewPassword) =>
        browser.SubmitAsync("/account/login", "/team/accept", [new("token", TokenOf(link)), new("Form.FullName", "Grace Hopper"), new("Form.Password", password), new("Form.ConfirmPassword", password)]);

    [Fact]
    public async Task AnInvitation_ThroughTheOutbox_LetsANewPersonCreateAnAccountInTheTenantWithTheRole_AndOpenTheDashboard()
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        var email = NewEmail();

        var invited = await InviteAsync(owner, email, TenantRole.Admin);

        Assert.Equal("/pbx/team", invited.Headers.Location?.OriginalString);
        var team = await owner.Browser.GetPageAsync("/pbx/team");
        Assert.Contains(email, team);
        var link = await InvitationLinkAsync(email);
        var invitation = await portal.WithDbAsync(db => db.TeamInvitations.AsNoTracking().SingleAsync(i => i.Email == email));
        Assert.NotEqual(TokenOf(link), invitation.TokenHash);
        Assert.Equal(64, invitation.TokenHash.Length);
        Assert.InRange((invitation.ExpiresAtUtc - invitation.CreatedAtUtc).TotalDays, 6.99, 7.01);

        using var joiner = portal.CreateBrowser();
        var page = await joiner.GetPageAsync(link);
        Assert.Contains("Create my account and join", page);
        var accepted = await CreateAccountAsync(joiner, link);

        Assert.Equal("/dashboard", accepted.Headers.Location?.OriginalString);
        var user = await portal.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Email == email));
        Assert.Equal((owner.TenantId, TenantRole.Admin, true, "Grace Hopper"), (user.TenantId, user.TenantRole, user.EmailConfirmed, user.FullName));
        Assert.Contains(owner.SipDomain, await joiner.GetPageAsync("/dashboard"));
        Assert.NotNull((await portal.WithDbAsync(db => db.TeamInvitations.AsNoTracking().SingleAsync(i => i.Id == invitation.Id))).AcceptedAtUtc);
        var events = await portal.WithDbAsync(db => db.TenantEvents.AsNoTracking().Where(e => e.TenantId == owner.TenantId).ToListAsync());
        Assert.Contains(events, e => e.Kind == "team-invited" && e.Actor == owner.Email && e.Message.Contains(email));
        Assert.Contains(events, e => e.Kind == "team-joined" && e.Actor == email);

        // The link works once.
        using var second = portal.CreateBrowser();
        Assert.Contains("already accepted", await second.GetPageAsync(link));
    }

    [Fact]
    public async Task AnExpiredInvitation_IsRefused_AndCreatesNoAccount()
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        var email = NewEmail();
        await InviteAsync(owner, email, TenantRole.Member);
        var link = await InvitationLinkAsync(email);
        await portal.WithDbAsync(db => db.TeamInvitations.Where(i => i.Email == email)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.ExpiresAtUtc, DateTime.UtcNow.AddMinutes(-1))));

        using var joiner = portal.CreateBrowser();
        Assert.Contains("This invitation has expired", await joiner.GetPageAsync(link));
        var posted = await CreateAccountAsync(joiner, link);

        Assert.NotEqual(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.False(await portal.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == email)));
    }

    [Fact]
    public async Task ARevokedInvitation_IsRefused_AndTheRevocationIsInTheTenantsHistory()
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        var email = NewEmail();
        await InviteAsync(owner, email, TenantRole.Member);
        var link = await InvitationLinkAsync(email);
        var id = await portal.WithDbAsync(db => db.TeamInvitations.Where(i => i.Email == email).Select(i => i.Id).SingleAsync());

        var revoked = await owner.Browser.SubmitAsync("/pbx/team", $"/pbx/team/invitations/{id}/revoke", []);

        Assert.Equal("/pbx/team", revoked.Headers.Location?.OriginalString);
        using var joiner = portal.CreateBrowser();
        Assert.Contains("This invitation was withdrawn", await joiner.GetPageAsync(link));
        Assert.NotEqual(HttpStatusCode.Redirect, (await CreateAccountAsync(joiner, link)).StatusCode);
        Assert.False(await portal.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == email)));
        Assert.True(await portal.WithDbAsync(db => db.TenantEvents.AnyAsync(e => e.TenantId == owner.TenantId && e.Kind == "team-invitation-revoked" && e.Actor == owner.Email)));
    }

    [Fact]
    public async Task InvitingTheSameAddressAgain_ReplacesTheOpenInvitation()
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        var email = NewEmail();
        await InviteAsync(owner, email, TenantRole.Member);
        var firstLink = await InvitationLinkAsync(email);

        await InviteAsync(owner, email.ToUpperInvariant(), TenantRole.Admin);

        var secondLink = await InvitationLinkAsync(email);
        Assert.NotEqual(firstLink, secondLink);
        Assert.Equal(1, await portal.WithDbAsync(db => db.TeamInvitations.CountAsync(i => i.TenantId == owner.TenantId && i.AcceptedAtUtc == null && i.RevokedAtUtc == null)));
        using var joiner = portal.CreateBrowser();
        Assert.Contains("This invitation was withdrawn", await joiner.GetPageAsync(firstLink));
        Assert.Equal("/dashboard", (await CreateAccountAsync(joiner, secondLink)).Headers.Location?.OriginalString);
        Assert.Equal(TenantRole.Admin, await portal.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.TenantRole).SingleAsync()));
    }

    [Fact]
    public async Task AWeakPassword_IsRefusedWithTheReason()
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        var email = NewEmail();
        await InviteAsync(owner, email, TenantRole.Member);
        var link = await InvitationLinkAsync(email);
        using var joiner = portal.CreateBrowser();

        var response = await CreateAccountAsync(joiner, link, "short");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("Use at least 10 characters.", await response.Content.ReadAsStringAsync());
        Assert.False(await portal.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == email)));
    }

    [Fact]
    public async Task AnExistingAccountWithoutATenant_JoinsWithItsPassword()
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        var email = await CreateUserAsync(tenantId: null, role: null);
        await InviteAsync(owner, email, TenantRole.Member);
        var link = await InvitationLinkAsync(email);
        using var joiner = portal.CreateBrowser();
        Assert.Contains("Enter its password to join", await joiner.GetPageAsync(link));

        var wrong = await joiner.SubmitAsync(link, "/team/accept/join", [new("token", TokenOf(link)), new("password", "Not-the-passw0rd")]);
        Assert.Contains("That password does not match your account.", await wrong.Content.ReadAsStringAsync());
        var joined = await joiner.SubmitAsync(link, "/team/accept/join", [new("token", TokenOf(link)), new("password", NewPassword)]);

        Assert.Equal("/dashboard", joined.Headers.Location?.OriginalString);
        Assert.Equal((owner.TenantId, TenantRole.Member), await portal.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => new ValueTuple<Guid?, TenantRole?>(u.TenantId, u.TenantRole)).SingleAsync()));
        Assert.Contains(owner.SipDomain, await joiner.GetPageAsync("/dashboard"));
    }

    [Fact]
    public async Task AnAccountOfAnotherTenant_IsToldItCannotJoin_AndStaysWhereItIs()
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        using var other = await TenantOwner.CreateAsync(portal);
        await InviteAsync(owner, other.Email, TenantRole.Member);
        var link = await InvitationLinkAsync(other.Email);
        using var anonymous = portal.CreateBrowser();

        Assert.Contains("Your account belongs to another company", await anonymous.GetPageAsync(link));
        await anonymous.SubmitAsync("/account/login", "/team/accept/join", [new("token", TokenOf(link)), new("password", TrialJourney.Password)]);

        Assert.Equal(other.TenantId, await portal.WithDbAsync(db => db.Users.Where(u => u.Email == other.Email).Select(u => u.TenantId).SingleAsync()));
    }

    [Fact]
    public async Task AnAccountWhoseOwnTrialIsNotProvisionedYet_CannotJoin_SoProvisioningCannotUndoIt()
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        using var prospect = portal.CreateBrowser();
        var signup = await TrialJourney.SignUpAndConfirmAsync(portal, prospect);
        await InviteAsync(owner, signup.Email, TenantRole.Member);
        var link = await InvitationLinkAsync(signup.Email);
        using var browser = portal.CreateBrowser();

        Assert.Contains("Your own trial is still being set up", await browser.GetPageAsync(link));
        await browser.SubmitAsync("/account/login", "/team/accept/join", [new("token", TokenOf(link)), new("password", TrialJourney.Password)]);

        Assert.Null(await portal.WithDbAsync(db => db.Users.Where(u => u.Email == signup.Email).Select(u => u.TenantId).SingleAsync()));
    }

    [Fact]
    public async Task AStaffAccount_IsRefused()
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        var staff = await Staff.CreateAsync(portal, StaffRoles.Support);
        await InviteAsync(owner, staff, TenantRole.Admin);
        var link = await InvitationLinkAsync(staff);
        using var browser = portal.CreateBrowser();

        Assert.Contains("Staff accounts cannot join", await browser.GetPageAsync(link));
        await browser.SubmitAsync("/account/login", "/team/accept/join", [new("token", TokenOf(link)), new("password", Staff.Password)]);

        Assert.Null(await portal.WithDbAsync(db => db.Users.Where(u => u.Email == staff).Select(u => u.TenantId).SingleAsync()));
    }

    [Fact]
    public async Task TheLastOwner_CannotBeRemoved_NorLeave()
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        var ownerId = await portal.WithDbAsync(db => db.Users.Where(u => u.Email == owner.Email).Select(u => u.Id).SingleAsync());

        var response = await owner.Browser.SubmitAsync("/pbx/team", $"/pbx/team/users/{ownerId}/remove", []);

        Assert.Equal("/pbx/team", response.Headers.Location?.OriginalString);
        Assert.Contains("You are the only owner", await owner.Browser.GetPageAsync("/pbx/team"));
        Assert.Equal((owner.TenantId, TenantRole.Owner), await portal.WithDbAsync(db => db.Users.Where(u => u.Id == ownerId).Select(u => new ValueTuple<Guid?, TenantRole?>(u.TenantId, u.TenantRole)).SingleAsync()));
    }

    [Fact]
    public async Task RemovingAMember_TakesThemOutOfTheTenant_AndTheyLoseAccess()
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        var email = await CreateUserAsync(owner.TenantId, TenantRole.Admin);
        var id = await portal.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
        using var member = portal.CreateBrowser();
        await member.LogInAsync(email, NewPassword);
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync("/pbx/team")).StatusCode);

        await owner.Browser.SubmitAsync("/pbx/team", $"/pbx/team/users/{id}/remove", []);

        Assert.Null(await portal.WithDbAsync(db => db.Users.Where(u => u.Id == id).Select(u => u.TenantId).SingleAsync()));
        Assert.NotEqual(HttpStatusCode.OK, (await member.GetAsync("/pbx/team")).StatusCode);
        Assert.True(await portal.WithDbAsync(db => db.TenantEvents.AnyAsync(e => e.TenantId == owner.TenantId && e.Kind == "team-removed" && e.Actor == owner.Email && e.Message.Contains(email))));
    }

    [Fact]
    public async Task AnotherTenantsInvitationOrUser_Answers404_AndStaysAsItWas()
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        using var intruder = await TenantOwner.CreateAsync(portal);
        var email = NewEmail();
        await InviteAsync(owner, email, TenantRole.Member);
        var invitationId = await portal.WithDbAsync(db => db.TeamInvitations.Where(i => i.Email == email).Select(i => i.Id).SingleAsync());
        var memberEmail = await CreateUserAsync(owner.TenantId, TenantRole.Member);
        var memberId = await portal.WithDbAsync(db => db.Users.Where(u => u.Email == memberEmail).Select(u => u.Id).SingleAsync());

        Assert.Equal(HttpStatusCode.NotFound, (await intruder.Browser.SubmitAsync("/pbx/team", $"/pbx/team/invitations/{invitationId}/revoke", [])).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.Browser.SubmitAsync("/pbx/team", $"/pbx/team/users/{memberId}/remove", [])).StatusCode);

        Assert.Null(await portal.WithDbAsync(db => db.TeamInvitations.Where(i => i.Id == invitationId).Select(i => i.RevokedAtUtc).SingleAsync()));
        Assert.Equal(owner.TenantId, await portal.WithDbAsync(db => db.Users.Where(u => u.Id == memberId).Select(u => u.TenantId).SingleAsync()));
        var page = await intruder.Browser.GetPageAsync("/pbx/team");
        Assert.DoesNotContain(email, page);
        Assert.DoesNotContain(memberEmail, page);
    }

    [Fact]
    public async Task AMember_CannotOpenTheTeamPage()
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        var email = await CreateUserAsync(owner.TenantId, TenantRole.Member);
        using var member = portal.CreateBrowser();
        await member.LogInAsync(email, NewPassword);

        Assert.NotEqual(HttpStatusCode.OK, (await member.GetAsync("/pbx/team")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await member.GetAsync("/pbx/phones")).StatusCode);
    }

    private async Task<string> CreateUserAsync(Guid? tenantId, TenantRole? role)
    {
        await using var scope = portal.Scope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var email = NewEmail();
        var user = new PortalUser { UserName = email, Email = email, EmailConfirmed = true, FullName = "Existing Person", TenantId = tenantId, TenantRole = role, CreatedAtUtc = DateTime.UtcNow };
        var created = await users.CreateAsync(user, NewPassword);
        Assert.True(created.Succeeded, string.Join(" ", created.Errors.Select(e => e.Description)));
        return email;
    }

    [GeneratedRegex("href=\"(http[^\"]*/team/accept\\?token=[^\"]*)\"")]
    private static partial Regex AcceptLink();
}

public sealed class TeamInvitationTestsOnSqlite(SqlitePortal portal) : TeamInvitationTests<SqlitePortal>(portal);

public sealed class TeamInvitationTestsOnPostgres(PostgresPortal portal) : TeamInvitationTests<PostgresPortal>(portal);
