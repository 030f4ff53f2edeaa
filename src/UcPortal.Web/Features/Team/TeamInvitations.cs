using System.Buffers.Text;
using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using UcPortal.Web.Features.Email;

namespace UcPortal.Web.Features.Team;

public sealed class InviteForm
{
    [Required(ErrorMessage = "Enter the email address of the person to invite.")]
    [EmailAddress(ErrorMessage = "This is not an email address.")]
    [StringLength(254)]
    [Display(Name = "Email")]
    public string Email { get; set; } = "";

    [Display(Name = "Role")]
    public TenantRole Role { get; set; } = TenantRole.Member;
}

/// <summary>The invitation token travels only in the email; the database keeps its SHA-256, so a
/// copy of the database cannot be used to join a tenant.</summary>
public static class InvitationTokens
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static string Describe(TenantRole role) => role switch
    {
        TenantRole.Owner => "owner",
        TenantRole.Admin => "administrator",
        _ => "member",
    };
}

/// <summary>Invites a person by email. Inviting an address again replaces its open invitation, so
/// only the newest link works.</summary>
public sealed class InviteTeamMember(PortalDbContext db, PortalUnitOfWork unitOfWork, EmailTemplates templates, PortalLinks links, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> text)
{
    public async Task<FormResult> RunAsync(Guid tenantId, PortalUser actor, InviteForm form, CancellationToken ct)
    {
        var email = form.Email.Trim().ToLowerInvariant();
        if (!Enum.IsDefined(form.Role))
        {
            return FormResult.Refused(nameof(form.Email), text["Choose a role."]);
        }
        if (form.Role == TenantRole.Owner && actor.TenantRole != TenantRole.Owner)
        {
            return FormResult.Refused(nameof(form.Email), text["Only an owner can invite another owner."]);
        }
        var normalized = email.ToUpperInvariant();
        if (await db.Users.AnyAsync(u => u.TenantId == tenantId && u.NormalizedEmail == normalized, ct))
        {
            return FormResult.Refused(nameof(form.Email), text["{0} is already in your team.", email]);
        }
        var now = unitOfWork.Now;
        var open = await db.TeamInvitations
            .Where(i => i.TenantId == tenantId && i.Email == email && i.AcceptedAtUtc == null && i.RevokedAtUtc == null)
            .ToListAsync(ct);
        foreach (var old in open)
        {
            old.RevokedAtUtc = now;
        }
        var token = InvitationTokens.New();
        var invitation = new TeamInvitation
        {
            Id = Guid.NewGuid(),
            TenantId = tenantId,
            Email = email,
            Role = form.Role,
            TokenHash = InvitationTokens.Hash(token),
            InvitedByUserId = actor.Id,
            CreatedAtUtc = now,
            ExpiresAtUtc = now + InvitationTokens.Lifetime,
            // Written in the inviter's language; the new account starts with it (decision 036).
            Culture = Localisation.PortalCultures.Normalise(System.Globalization.CultureInfo.CurrentUICulture.Name),
        };
        db.TeamInvitations.Add(invitation);
        var company = await db.Tenants.Where(t => t.Id == tenantId).Select(t => t.Name).SingleAsync(ct);
        var message = templates.TeamInvitation(
            string.IsNullOrWhiteSpace(actor.FullName) ? actor.Email ?? "A colleague" : actor.FullName,
            company, InvitationTokens.Describe(form.Role), links.To("/team/accept?token=" + token), invitation.ExpiresAtUtc);
        await unitOfWork.EmailAsync(message, email, "", null, tenantId, ct);
        unitOfWork.AddEvent(tenantId, "team-invited",
            $"{email} invited as {InvitationTokens.Describe(form.Role)}" + (open.Count > 0 ? " (replaces the earlier invitation)" : ""), actor.Email ?? actor.Id, now);
        await unitOfWork.CommitAsync(ct);
        return FormResult.Ok(text["Invitation sent to {0}. The link works for {1} days.", form.Email.Trim(), InvitationTokens.Lifetime.TotalDays.ToString("0", System.Globalization.CultureInfo.InvariantCulture)]);
    }
}

public sealed class RevokeInvitation(PortalDbContext db, PortalUnitOfWork unitOfWork, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> text)
{
    public async Task<FormResult> RunAsync(Guid tenantId, string actor, Guid invitationId, CancellationToken ct)
    {
        var invitation = await db.TeamInvitations.SingleOrDefaultAsync(i => i.Id == invitationId && i.TenantId == tenantId, ct);
        if (invitation is null)
        {
            return FormResult.Missing();
        }
        if (invitation.AcceptedAtUtc is not null || invitation.RevokedAtUtc is not null)
        {
            return FormResult.Refused("", text["This invitation was already accepted or revoked."]);
        }
        invitation.RevokedAtUtc = unitOfWork.Now;
        unitOfWork.AddEvent(tenantId, "team-invitation-revoked", $"Invitation of {invitation.Email} revoked", actor);
        await unitOfWork.CommitAsync(ct);
        return FormResult.Ok("Invitation revoked: its link no longer works.");
    }
}

/// <summary>Takes a user out of the tenant (their account stays, without a tenant). A tenant always
/// keeps an owner: billing and the account's recovery depend on one.</summary>
public sealed class RemoveTeamMember(PortalDbContext db, PortalUnitOfWork unitOfWork, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> text)
{
    public async Task<FormResult> RunAsync(Guid tenantId, PortalUser actor, string userId, CancellationToken ct)
    {
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId && u.TenantId == tenantId, ct);
        if (user is null)
        {
            return FormResult.Missing();
        }
        if (user.TenantRole == TenantRole.Owner)
        {
            if (actor.TenantRole != TenantRole.Owner)
            {
                return FormResult.Refused("", text["Only an owner can remove an owner."]);
            }
            var owners = await db.Users.CountAsync(u => u.TenantId == tenantId && u.TenantRole == TenantRole.Owner, ct);
            if (owners <= 1)
            {
                return FormResult.Refused("", user.Id == actor.Id
                    ? text["You are the only owner, so you cannot leave the team. Invite another owner first."]
                    : text["{0} is the only owner. Invite another owner first.", user.FullName]);
            }
        }
        user.TenantId = null;
        user.TenantRole = null;
        // Their extensions stay with the tenant, without a person attached.
        await db.Extensions.Where(e => e.TenantId == tenantId && e.UserId == user.Id).ForEachAsync(e => e.UserId = null, ct);
        unitOfWork.AddEvent(tenantId, "team-removed", $"{user.Email} removed from the team", actor.Email ?? actor.Id);
        await unitOfWork.CommitAsync(ct);
        return FormResult.Ok(text["Removed from the team. Their account stays, without access to your phone system."]);
    }
}

public sealed record TeamMemberRow(string Id, string FullName, string Email, TenantRole Role);

public sealed class TeamPage
{
    public required List<TeamMemberRow> Members { get; init; }
    public required List<TeamInvitation> Invitations { get; init; }
    public required string CurrentUserId { get; init; }
    public required bool IsOwner { get; init; }
    public required DateTime NowUtc { get; init; }
    public InviteForm Form { get; init; } = new();
}

public sealed class TeamPages(PortalDbContext db, TimeProvider clock)
{
    public async Task<TeamPage> GetAsync(Guid tenantId, PortalUser viewer, InviteForm? form, CancellationToken ct) => new()
    {
        Members = (await db.Users.AsNoTracking().Where(u => u.TenantId == tenantId)
                .Select(u => new TeamMemberRow(u.Id, u.FullName, u.Email ?? "", u.TenantRole ?? TenantRole.Member)).ToListAsync(ct))
            .OrderBy(m => m.Role).ThenBy(m => m.FullName, StringComparer.CurrentCultureIgnoreCase).ToList(),
        Invitations = (await db.TeamInvitations.AsNoTracking()
                .Where(i => i.TenantId == tenantId && i.AcceptedAtUtc == null && i.RevokedAtUtc == null).ToListAsync(ct))
            .OrderByDescending(i => i.CreatedAtUtc).ToList(),
        CurrentUserId = viewer.Id,
        IsOwner = viewer.TenantRole == TenantRole.Owner,
        NowUtc = clock.GetUtcNow().UtcDateTime,
        Form = form ?? new InviteForm(),
    };
}
