using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using UcPortal.Web.Features.Email;

namespace UcPortal.Web.Features.StaffAccount;

public sealed class StaffInviteForm
{
    [Required(ErrorMessage = "Enter the email address of the person to invite.")]
    [EmailAddress(ErrorMessage = "This is not an email address.")]
    [StringLength(254)]
    [Display(Name = "Email")]
    public string Email { get; set; } = "";

    [Required(ErrorMessage = "Enter the person's name.")]
    [StringLength(120)]
    [Display(Name = "Name")]
    public string FullName { get; set; } = "";

    [Display(Name = "Role")]
    public string Role { get; set; } = StaffRoles.Support;
}

public sealed class AcceptStaffInvitationForm
{
    [Required]
    public string UserId { get; set; } = "";

    [Required]
    public string Code { get; set; } = "";

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

/// <summary>An Admin invites a person to the staff area: a staff account with the chosen role and no
/// password, and an email whose link (an Identity token, valid 2 days, void once used because
/// accepting changes the account's security stamp) lets them choose one. A staff account is never a
/// customer's account. Inviting a removed staff member again gives them their account back.</summary>
public sealed class InviteStaff(UserManager<PortalUser> users, RoleManager<IdentityRole> roles, PortalDbContext db, PortalUnitOfWork unitOfWork,
    StaffAudit audit, EmailTemplates templates, PortalLinks links, TimeProvider clock)
{
    public const string TokenPurpose = "StaffInvitation";

    public async Task<FormResult> RunAsync(StaffMember inviter, StaffInviteForm form, CancellationToken ct)
    {
        if (form.Role is not (StaffRoles.Support or StaffRoles.Admin))
        {
            return FormResult.Refused(nameof(form.Role), "Choose Support or Admin.");
        }
        var email = form.Email.Trim().ToLowerInvariant();
        var user = await users.FindByEmailAsync(email);
        if (user is not null && user.TenantId is not null)
        {
            return FormResult.Refused(nameof(form.Email), "This address belongs to a customer's account; staff accounts must be separate. Use another address.");
        }
        if (user is not null && (await users.GetRolesAsync(user)).Any(r => r is StaffRoles.Support or StaffRoles.Admin))
        {
            return FormResult.Refused(nameof(form.Email), $"{email} is already on the staff.");
        }
        if (!await roles.RoleExistsAsync(form.Role))
        {
            await roles.CreateAsync(new IdentityRole(form.Role));
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (user is null)
        {
            user = new PortalUser { UserName = email, Email = email, FullName = form.FullName.Trim(), CreatedAtUtc = unitOfWork.Now };
            var created = await users.CreateAsync(user);
            if (!created.Succeeded)
            {
                db.ChangeTracker.Clear();
                return FormResult.Refused(nameof(form.Email), string.Join(" ", created.Errors.Select(e => e.Description)));
            }
        }
        else
        {
            user.FullName = form.FullName.Trim();
            await users.SetLockoutEndDateAsync(user, null);
        }
        await users.AddToRoleAsync(user, form.Role);
        var token = await users.GenerateUserTokenAsync(user, TokenOptions.DefaultProvider, TokenPurpose);
        var url = links.To($"/account/staff-invitation?userId={Uri.EscapeDataString(user.Id)}&code={LinkCodes.Encode(token)}");
        var expires = clock.GetUtcNow().UtcDateTime + StaffAccountSetup.InvitationLifetime;
        await unitOfWork.EmailAsync(templates.StaffInvitation(inviter.FullName, user.FullName, form.Role, url, expires), email, user.FullName, null, null, ct);
        audit.Record(AuditActions.StaffInvited, target: email, detail: $"Invited as {form.Role}.");
        await unitOfWork.CommitAsync(ct);
        return FormResult.Ok($"Invitation sent to {email} ({form.Role}).");
    }
}

/// <summary>The invited person chooses their password from the link; the account is confirmed and
/// unlocked. Not found: the link is invalid, used, expired, or the invitation was withdrawn.</summary>
public sealed class AcceptStaffInvitation(UserManager<PortalUser> users, PortalDbContext db, PortalUnitOfWork unitOfWork, StaffAudit audit)
{
    public async Task<FormResult> RunAsync(AcceptStaffInvitationForm form, CancellationToken ct)
    {
        var user = await FindAsync(form.UserId, form.Code);
        if (user is null)
        {
            return FormResult.Missing();
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (await users.HasPasswordAsync(user))
        {
            await users.RemovePasswordAsync(user);
        }
        var added = await users.AddPasswordAsync(user, form.Password);
        if (!added.Succeeded)
        {
            db.ChangeTracker.Clear();
            return FormResult.Refused(nameof(form.Password), string.Join(" ", added.Errors.Select(e => e.Description)));
        }
        user.EmailConfirmed = true;
        await users.UpdateAsync(user);
        await users.ResetAccessFailedCountAsync(user);
        audit.Record(AuditActions.StaffInvitationAccepted, target: user.Email, detail: "Password chosen.", actor: user.Email, actorUserId: user.Id);
        await unitOfWork.CommitAsync(ct);
        return FormResult.Ok("Your password is set. Log in: next you will set up two-factor authentication with an authenticator app.");
    }

    /// <summary>The invited staff member, or null when the link is not (or no longer) valid.</summary>
    public async Task<PortalUser?> FindAsync(string? userId, string? code)
    {
        if (string.IsNullOrEmpty(userId) || LinkCodes.Decode(code) is not { } token || await users.FindByIdAsync(userId) is not { } user)
        {
            return null;
        }
        var isStaff = user.TenantId is null && (await users.GetRolesAsync(user)).Any(r => r is StaffRoles.Support or StaffRoles.Admin);
        return isStaff && await users.VerifyUserTokenAsync(user, TokenOptions.DefaultProvider, InviteStaff.TokenPurpose, token) ? user : null;
    }
}
