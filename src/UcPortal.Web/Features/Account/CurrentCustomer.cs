using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using UcPortal.Data;
using UcPortal.Data.Entities;

namespace UcPortal.Web.Features.Account;

/// <summary>The signed-in customer and the one tenant whose data they may see. Every tenant
/// query starts from <see cref="TenantId"/>, so an id from a URL can never reach another tenant.</summary>
public sealed class CurrentCustomer(IHttpContextAccessor http, PortalDbContext db)
{
    private PortalUser? _user;
    private bool _loaded;

    public async Task<PortalUser?> GetUserAsync(CancellationToken ct = default)
    {
        if (_loaded)
        {
            return _user;
        }
        _loaded = true;
        var id = http.HttpContext?.User.FindFirstValue(ClaimTypes.NameIdentifier);
        _user = id is null ? null : await db.Users.SingleOrDefaultAsync(u => u.Id == id, ct);
        return _user;
    }

    public async Task<Guid?> GetTenantIdAsync(CancellationToken ct = default) => (await GetUserAsync(ct))?.TenantId;

    public async Task<bool> CanManageTenantAsync(CancellationToken ct = default)
    {
        var user = await GetUserAsync(ct);
        return user?.TenantId is not null && user.TenantRole is TenantRole.Owner or TenantRole.Admin;
    }
}
