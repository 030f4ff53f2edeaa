using Microsoft.AspNetCore.Identity;

namespace UcPortal.Web.Features.StaffAccount;

public sealed record StaffRow(string Id, string Email, string FullName, string Role, bool TwoFactorEnabled, bool InvitationPending, DateTime CreatedAtUtc);

/// <summary>The staff list for Admins: everyone with the Support or Admin role.</summary>
public sealed class StaffPages(PortalDbContext db)
{
    public async Task<List<StaffRow>> ListAsync(CancellationToken ct)
    {
        var rows = await db.UserRoles
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .Where(x => x.Name == StaffRoles.Support || x.Name == StaffRoles.Admin)
            .Join(db.Users, x => x.UserId, u => u.Id, (x, u) => new { u.Id, u.Email, u.FullName, Role = x.Name, u.TwoFactorEnabled, u.PasswordHash, u.EmailConfirmed, u.CreatedAtUtc })
            .ToListAsync(ct);
        return rows.GroupBy(r => r.Id)
            .Select(g => g.OrderBy(r => r.Role == StaffRoles.Admin ? 0 : 1).First())
            .Select(r => new StaffRow(r.Id, r.Email ?? "", r.FullName, r.Role!, r.TwoFactorEnabled, r.PasswordHash is null || !r.EmailConfirmed, r.CreatedAtUtc))
            .OrderBy(r => r.Email)
            .ToList();
    }
}

/// <summary>What an Admin does to another staff member's account: change the role, remove them from
/// the staff (both roles gone, account locked; their audit lines stay), reset their second factor
/// (a lost phone). Each change ends the person's sessions (their security stamp changes) and is
/// audited in the same commit. An Admin cannot remove or demote themselves (another Admin must),
/// so the staff always keeps one Admin.</summary>
public sealed class ManageStaff(UserManager<PortalUser> users, PortalDbContext db, PortalUnitOfWork unitOfWork, StaffAudit audit)
{
    public Task<FormResult> ChangeRoleAsync(StaffMember admin, string userId, string role, CancellationToken ct) => ChangeAsync(admin, userId, ct, async (user, current) =>
    {
        if (role is not (StaffRoles.Support or StaffRoles.Admin))
        {
            return FormResult.Refused("", "Choose Support or Admin.");
        }
        if (role == current)
        {
            return FormResult.Refused("", $"Nothing changed: {user.Email} is {role} already.");
        }
        await users.RemoveFromRoleAsync(user, current);
        await users.AddToRoleAsync(user, role);
        audit.Record(AuditActions.StaffRoleChanged, target: user.Email, detail: $"{current} → {role}.");
        return FormResult.Ok($"{user.Email} is now {role}.");
    });

    public Task<FormResult> RemoveAsync(StaffMember admin, string userId, CancellationToken ct) => ChangeAsync(admin, userId, ct, async (user, current) =>
    {
        await users.RemoveFromRolesAsync(user, [current]);
        await users.SetLockoutEnabledAsync(user, true);
        await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue);
        audit.Record(AuditActions.StaffRemoved, target: user.Email, detail: $"Was {current}; account locked.");
        return FormResult.Ok($"{user.Email} is no longer on the staff and cannot log in.");
    });

    public Task<FormResult> ResetTwoFactorAsync(StaffMember admin, string userId, CancellationToken ct) => ChangeAsync(admin, userId, ct, async (user, _) =>
    {
        await TwoFactorEnrolment.ResetAsync(users, user);
        audit.Record(AuditActions.TwoFactorResetByAdmin, target: user.Email, detail: "Authenticator reset by an Admin; enrolment needed at the next log-in.");
        return FormResult.Ok($"Two-factor authentication of {user.Email} is reset: they set it up again when they next log in.");
    }, allowSelf: true);

    private async Task<FormResult> ChangeAsync(StaffMember admin, string userId, CancellationToken ct, Func<PortalUser, string, Task<FormResult>> change, bool allowSelf = false)
    {
        var user = await users.FindByIdAsync(userId);
        var current = user is null || user.TenantId is not null ? null
            : (await users.GetRolesAsync(user)).OrderBy(r => r == StaffRoles.Admin ? 0 : 1).FirstOrDefault(r => r is StaffRoles.Support or StaffRoles.Admin);
        if (user is null || current is null)
        {
            return FormResult.Missing();
        }
        if (user.Id == admin.UserId && !allowSelf)
        {
            return FormResult.Refused("", "You cannot change your own role or remove yourself: ask another Admin.");
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var result = await change(user, current);
        if (!result.Succeeded)
        {
            db.ChangeTracker.Clear();
            return result;
        }
        // Identity leaves the stamp alone on role changes and lockouts: the person's sessions end here.
        await users.UpdateSecurityStampAsync(user);
        await unitOfWork.CommitAsync(ct);
        return result;
    }
}
