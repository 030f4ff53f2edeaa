using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;

namespace UcPortal.Web.Features.Team;

public sealed class NewAccountForm
{
    [Required(ErrorMessage = "Enter your name.")]
    [StringLength(100)]
    [Display(Name = "Your name")]
    public string FullName { get; set; } = "";

    [Required(ErrorMessage = "Choose a password.")]
    [DataType(DataType.Password)]
    [Display(Name = "Password")]
    public string Password { get; set; } = "";

    [Required(ErrorMessage = "Repeat the password.")]
    [DataType(DataType.Password)]
    [Compare(nameof(Password), ErrorMessage = "The two passwords differ.")]
    [Display(Name = "Repeat the password")]
    public string ConfirmPassword { get; set; } = "";
}

public enum InvitationState
{
    /// <summary>No account with the invited email yet: choose a name and password.</summary>
    NewAccount,

    /// <summary>An account without a tenant: sign in (or confirm, if signed in) to join.</summary>
    ExistingAccount,
    NotFound,
    Expired,
    Used,
    Revoked,
    AlreadyInThisTeam,
    InAnotherTeam,
    StaffAccount,

    /// <summary>The account's own trial is awaiting confirmation or being set up.</summary>
    OwnTrialPending,

    /// <summary>Someone else is signed in in this browser.</summary>
    SignedInAsSomeoneElse,
}

public sealed class AcceptPage
{
    public required InvitationState State { get; init; }
    public string Token { get; init; } = "";
    public string Email { get; init; } = "";
    public string TenantName { get; init; } = "";
    public string Role { get; init; } = "";
    public string? SignedInEmail { get; init; }
    public NewAccountForm Form { get; init; } = new();
}

/// <summary>Turns an invitation link into membership: a new confirmed account (the email proved
/// itself by receiving the link), or an existing account without a tenant. One tenant per user.</summary>
public sealed class AcceptInvitation(PortalDbContext db, PortalUnitOfWork unitOfWork, UserManager<PortalUser> users, SignInManager<PortalUser> signIn, TimeProvider clock, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> text)
{
    public async Task<AcceptPage> ReadAsync(string? token, string? signedInUserId, CancellationToken ct)
    {
        var (state, invitation, tenantName, _) = await InspectAsync(token, signedInUserId, ct);
        return new AcceptPage
        {
            State = state,
            Token = token ?? "",
            Email = invitation?.Email ?? "",
            TenantName = tenantName,
            Role = invitation is null ? "" : InvitationTokens.Describe(invitation.Role),
            SignedInEmail = signedInUserId is null ? null : await db.Users.Where(u => u.Id == signedInUserId).Select(u => u.Email).SingleOrDefaultAsync(ct),
        };
    }

    /// <summary>Creates the account and joins. Refused: Identity's password rules. Not found: the link is no longer for a new account.</summary>
    public async Task<FormResult> CreateAccountAsync(string token, NewAccountForm form, string? signedInUserId, CancellationToken ct)
    {
        var (state, invitation, _, _) = await InspectAsync(token, signedInUserId, ct);
        if (state != InvitationState.NewAccount || invitation is null)
        {
            return FormResult.Missing();
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var user = new PortalUser
        {
            UserName = invitation.Email,
            Email = invitation.Email,
            EmailConfirmed = true,
            FullName = form.FullName.Trim(),
            TenantId = invitation.TenantId,
            TenantRole = invitation.Role,
            CreatedAtUtc = now,
            Culture = invitation.Culture,
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var created = await users.CreateAsync(user, form.Password);
        if (!created.Succeeded)
        {
            return FormResult.Refused(nameof(form.Password), string.Join(" ", created.Errors.Select(e => e.Description)));
        }
        MarkAccepted(invitation, user, now);
        await unitOfWork.CommitAsync(ct);
        await signIn.SignInAsync(user, isPersistent: false);
        return FormResult.Ok();
    }

    /// <summary>Joins an existing account: with its password, or without when that account is the one signed in.</summary>
    public async Task<FormResult> JoinExistingAsync(string token, string? password, string? signedInUserId, CancellationToken ct)
    {
        var (state, invitation, _, user) = await InspectAsync(token, signedInUserId, ct);
        if (state != InvitationState.ExistingAccount || invitation is null || user is null)
        {
            return FormResult.Missing();
        }
        if (user.Id != signedInUserId)
        {
            var check = await signIn.CheckPasswordSignInAsync(user, password ?? "", lockoutOnFailure: true);
            if (check.IsLockedOut)
            {
                return FormResult.Refused("password", text["Too many failed attempts: this account is locked for 15 minutes. You can reset your password meanwhile."]);
            }
            if (!check.Succeeded)
            {
                return FormResult.Refused("password", text["That password does not match your account."]);
            }
        }
        var now = clock.GetUtcNow().UtcDateTime;
        user.TenantId = invitation.TenantId;
        user.TenantRole = invitation.Role;
        user.EmailConfirmed = true;
        MarkAccepted(invitation, user, now);
        await unitOfWork.CommitAsync(ct);
        await signIn.SignInAsync(user, isPersistent: false);
        return FormResult.Ok();
    }

    private void MarkAccepted(TeamInvitation invitation, PortalUser user, DateTime now)
    {
        invitation.AcceptedAtUtc = now;
        unitOfWork.AddEvent(invitation.TenantId, "team-joined", $"{user.Email} accepted the invitation and joined as {InvitationTokens.Describe(invitation.Role)}", user.Email ?? user.Id, now);
    }

    private async Task<(InvitationState, TeamInvitation?, string TenantName, PortalUser?)> InspectAsync(string? token, string? signedInUserId, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 100)
        {
            return (InvitationState.NotFound, null, "", null);
        }
        var hash = InvitationTokens.Hash(token.Trim());
        var invitation = await db.TeamInvitations.SingleOrDefaultAsync(i => i.TokenHash == hash, ct);
        if (invitation is null)
        {
            return (InvitationState.NotFound, null, "", null);
        }
        var tenantName = await db.Tenants.Where(t => t.Id == invitation.TenantId).Select(t => t.Name).SingleAsync(ct);
        if (invitation.AcceptedAtUtc is not null)
        {
            return (InvitationState.Used, invitation, tenantName, null);
        }
        if (invitation.RevokedAtUtc is not null)
        {
            return (InvitationState.Revoked, invitation, tenantName, null);
        }
        if (invitation.ExpiresAtUtc <= clock.GetUtcNow().UtcDateTime)
        {
            return (InvitationState.Expired, invitation, tenantName, null);
        }
        var user = await users.FindByEmailAsync(invitation.Email);
        if (signedInUserId is not null && signedInUserId != user?.Id)
        {
            return (InvitationState.SignedInAsSomeoneElse, invitation, tenantName, user);
        }
        if (user is null)
        {
            return (InvitationState.NewAccount, invitation, tenantName, null);
        }
        if (await users.IsInRoleAsync(user, StaffRoles.Support) || await users.IsInRoleAsync(user, StaffRoles.Admin))
        {
            return (InvitationState.StaffAccount, invitation, tenantName, user);
        }
        if (user.TenantId == invitation.TenantId)
        {
            return (InvitationState.AlreadyInThisTeam, invitation, tenantName, user);
        }
        if (user.TenantId is not null)
        {
            return (InvitationState.InAnotherTeam, invitation, tenantName, user);
        }
        // Provisioning a trial gives its account the new tenant: joining now would be undone by it (a refused trial never provisions).
        if (await db.TrialSignups.AnyAsync(t => t.UserId == user.Id && t.Status != TrialSignupStatus.Provisioned && t.Status != TrialSignupStatus.Refused, ct))
        {
            return (InvitationState.OwnTrialPending, invitation, tenantName, user);
        }
        return (InvitationState.ExistingAccount, invitation, tenantName, user);
    }
}
