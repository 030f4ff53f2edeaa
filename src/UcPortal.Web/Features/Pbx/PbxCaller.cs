using Microsoft.EntityFrameworkCore;
using UcPortal.Data;
using UcPortal.Data.Entities;
using UcPortal.Web.Features.Account;

namespace UcPortal.Web.Features.Pbx;

/// <summary>The signed-in customer on a PBX page: their tenant (with its plan) and what they may change.</summary>
public sealed record PbxCaller(PortalUser User, Tenant Tenant, Plan Plan)
{
    public Guid TenantId => Tenant.Id;

    /// <summary>Owners and admins configure the whole PBX; members only their own extension's forwarding.</summary>
    public bool CanManage => User.TenantRole is TenantRole.Owner or TenantRole.Admin;

    public bool IsTrial => Tenant.Status == TenantStatus.Trial;

    /// <summary>Who made a change, as the Changes page shows it.</summary>
    public string Actor => User.Email ?? User.UserName ?? User.Id;
}

/// <summary>Loads the <see cref="PbxCaller"/> for the request; null when the user has no tenant (staff, or a trial still provisioning).</summary>
public sealed class PbxAccess(CurrentCustomer customer, PortalDbContext db)
{
    public async Task<PbxCaller?> GetAsync(CancellationToken ct)
    {
        var user = await customer.GetUserAsync(ct);
        if (user?.TenantId is not { } tenantId)
        {
            return null;
        }
        var tenant = await db.Tenants.AsNoTracking().Include(t => t.Plan).SingleOrDefaultAsync(t => t.Id == tenantId, ct);
        return tenant?.Plan is null ? null : new PbxCaller(user, tenant, tenant.Plan);
    }
}
