using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace UcPortal.Web.Features.Account;

/// <summary>A staff member as the database says now (roles are read per request, not from the
/// cookie, so a removed or demoted person loses access at once).</summary>
public sealed record StaffMember(string UserId, string Email, string FullName, bool IsAdmin, bool TwoFactorEnabled)
{
    public string Role => IsAdmin ? StaffRoles.Admin : StaffRoles.Support;
}

/// <summary>The signed-in staff member, or null for customers, anonymous visitors, and a session
/// signed in before the account's security stamp changed (a role change, a 2FA reset, removal).</summary>
public sealed class CurrentStaff(IHttpContextAccessor http, CurrentTenant current, PortalDbContext db, IOptions<IdentityOptions> identity)
{
    private (bool Loaded, StaffMember? Member, bool StaleSession) _staff;

    public async Task<StaffMember?> GetAsync(CancellationToken ct = default) => (await LoadAsync(ct)).Member;

    /// <summary>The cookie was issued before the account's security stamp last changed.</summary>
    public async Task<bool> IsStaleSessionAsync(CancellationToken ct = default) => (await LoadAsync(ct)).StaleSession;

    private async Task<(bool Loaded, StaffMember? Member, bool StaleSession)> LoadAsync(CancellationToken ct)
    {
        if (_staff.Loaded)
        {
            return _staff;
        }
        var user = await current.GetUserAsync(ct);
        if (user is null || user.TenantId is not null)
        {
            return _staff = (true, null, false);
        }
        var roles = await db.UserRoles.Where(r => r.UserId == user.Id)
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).ToListAsync(ct);
        var isAdmin = roles.Contains(StaffRoles.Admin);
        if (!isAdmin && !roles.Contains(StaffRoles.Support))
        {
            return _staff = (true, null, false);
        }
        var stamp = http.HttpContext?.User.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType);
        if (stamp != user.SecurityStamp)
        {
            return _staff = (true, null, true);
        }
        return _staff = (true, new StaffMember(user.Id, user.Email ?? user.UserName ?? user.Id, user.FullName, isAdmin, user.TwoFactorEnabled), false);
    }
}

/// <summary>AuthorizationPolicies.Staff (Support or Admin) and Admin: the role, read from the
/// database, and a session signed in with the second factor.</summary>
public sealed record StaffRequirement(bool AdminOnly) : IAuthorizationRequirement;

public sealed class StaffAccessHandler(CurrentStaff current) : AuthorizationHandler<StaffRequirement>
{
    public const string NeedsTwoFactor = "A staff account needs two-factor authentication.";
    public const string StaleSession = "The staff account changed since this session signed in.";

    /// <summary>Identity adds "amr: mfa" to a session signed in with a second factor ("pwd" otherwise).</summary>
    public static bool SignedInWithSecondFactor(ClaimsPrincipal user) => user.HasClaim("amr", "mfa");

    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, StaffRequirement requirement)
    {
        if (context.User.Identity?.IsAuthenticated != true)
        {
            return;
        }
        if (await current.IsStaleSessionAsync())
        {
            context.Fail(new AuthorizationFailureReason(this, StaleSession));
            return;
        }
        if (await current.GetAsync() is not { } staff)
        {
            return;
        }
        if (!staff.TwoFactorEnabled || !SignedInWithSecondFactor(context.User))
        {
            context.Fail(new AuthorizationFailureReason(this, NeedsTwoFactor));
            return;
        }
        if (staff.IsAdmin || !requirement.AdminOnly)
        {
            context.Succeed(requirement);
        }
    }
}
