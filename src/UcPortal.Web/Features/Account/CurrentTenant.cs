using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Validation;

namespace UcPortal.Web.Features.Account;

/// <summary>The signed-in customer on a tenant page: their tenant (with its plan) and what they may
/// change. An action behind a tenant policy takes it as a parameter (bound from <see cref="CurrentTenant"/>).</summary>
[ModelBinder(typeof(TenantCallerBinder))]
[ValidateNever]
public sealed record TenantCaller(PortalUser User, Tenant Tenant, Plan Plan)
{
    public Guid TenantId => Tenant.Id;

    /// <summary>Owners and admins run the account (PBX, people, money); members only their own extension's forwarding.</summary>
    public bool CanManage => User.TenantRole is TenantRole.Owner or TenantRole.Admin;

    public bool IsOwner => User.TenantRole == TenantRole.Owner;

    public bool IsTrial => Tenant.Status == TenantStatus.Trial;

    /// <summary>Who made a change, as the history and the Changes page show it.</summary>
    public string Actor => User.Email ?? User.UserName ?? User.Id;
}

/// <summary>The signed-in user and the one tenant whose data they may see, loaded once per request.
/// Every tenant query starts from <see cref="TenantCaller.TenantId"/>, so an id from a URL can never
/// reach another tenant. The tenant policies (AuthorizationPolicies.TenantMember / TenantManager) ask
/// it before the action runs.</summary>
public sealed class CurrentTenant(IHttpContextAccessor http, PortalDbContext db)
{
    private (bool Loaded, PortalUser? User) _user;
    private (bool Loaded, TenantCaller? Caller) _caller;
    private (Tenant? Tenant, Plan? Plan) _ownTenant;

    /// <summary>The signed-in user with their tenant and its plan, in one query (a LEFT JOIN of three
    /// tables), compiled once: the profile of a signed-in page showed the user and the tenant as two
    /// round trips, each paying EF Core's query preparation (docs/decisions/035).</summary>
    private static readonly CompiledQuery<Func<PortalDbContext, string, CancellationToken, Task<SignedInRow?>>> SignedIn = new(() =>
        EF.CompileAsyncQuery((PortalDbContext db, string id, CancellationToken ct) =>
            (from u in db.Users.AsNoTracking()
             where u.Id == id
             from t in db.Tenants.AsNoTracking().Where(t => t.Id == u.TenantId).DefaultIfEmpty()
             from p in db.Plans.AsNoTracking().Where(p => p.Id == t!.PlanId).DefaultIfEmpty()
             select new SignedInRow(u, t, p)).SingleOrDefault()));

    private sealed record SignedInRow(PortalUser User, Tenant? Tenant, Plan? Plan);

    public async Task<PortalUser?> GetUserAsync(CancellationToken ct = default)
    {
        if (!_user.Loaded)
        {
            var id = http.HttpContext?.User.FindFirstValue(ClaimTypes.NameIdentifier);
            PortalUser? user = null;
            if (id is not null)
            {
                // A signed-in page runs several queries (user, tenant, its lists, notices): one
                // connection for the request instead of one open per query. With SQLite every open
                // re-registers EF Core's functions and collations, which the profile of /dashboard
                // showed as the largest single cost (docs/decisions/029). Closed with the DbContext.
                await db.Database.OpenConnectionAsync(ct);
                if (await SignedIn.For(db)(db, id, ct) is { } row)
                {
                    // Tracked as a query without AsNoTracking would have returned it (use cases change
                    // the signed-in user and save), unless this request already tracks that user.
                    user = db.Users.Local.FindEntry(id)?.Entity ?? db.Users.Attach(row.User).Entity;
                    if (row.Tenant is not null && row.Plan is not null)
                    {
                        row.Tenant.Plan = row.Plan;
                        _ownTenant = (row.Tenant, row.Plan);
                    }
                }
            }
            _user = (true, user);
        }
        return _user.User;
    }

    /// <summary>Null for anyone without a tenant (staff, a trial still being set up, a removed member).
    /// A staff member viewing as a customer (read-only, see ViewAsCustomer) gets that tenant's owner.</summary>
    public async Task<TenantCaller?> GetAsync(CancellationToken ct = default)
    {
        if (!_caller.Loaded)
        {
            var viewAs = http.HttpContext?.Features.Get<UcPortal.Web.Features.CustomerCare.ViewAsSession>();
            if (viewAs is null)
            {
                // The tenant and plan came with the user (one query).
                var user = await GetUserAsync(ct);
                _caller = (true, user is not null && _ownTenant is ({ } own, { } plan) && own.Id == user.TenantId
                    ? new TenantCaller(user, own, plan) : null);
                return _caller.Caller;
            }
            var owner = await db.Users.AsNoTracking().Where(u => u.TenantId == viewAs.TenantId && u.TenantRole == TenantRole.Owner).OrderBy(u => u.Id).FirstOrDefaultAsync(ct);
            var tenant = owner?.TenantId is not { } tenantId ? null
                : await db.Tenants.AsNoTracking().Include(t => t.Plan).SingleOrDefaultAsync(t => t.Id == tenantId, ct);
            _caller = (true, tenant?.Plan is null ? null : new TenantCaller(owner!, tenant, tenant.Plan));
        }
        return _caller.Caller;
    }
}

public sealed class TenantCallerBinder : IModelBinder
{
    public async Task BindModelAsync(ModelBindingContext context)
    {
        var caller = await context.HttpContext.RequestServices.GetRequiredService<CurrentTenant>().GetAsync(context.HttpContext.RequestAborted);
        context.Result = caller is null ? ModelBindingResult.Failed() : ModelBindingResult.Success(caller);
    }
}
