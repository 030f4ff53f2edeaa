using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using UcPortal.Web.Features.CallLimits;
using UcPortal.Web.Features.Fraud;

namespace UcPortal.Web.Areas.Admin.Controllers;

/// <summary>Staff actions on a tenant's call limits, shown on the tenant's page (<see cref="TenantLimitsViewComponent"/>):
/// clear its fraud flag, set its own daily spending cap. Both are written to its history with the staff member.</summary>
[Area("Admin")]
[Authorize(Policy = AuthorizationPolicies.Staff)]
[Route("admin/tenants/{id:guid}")]
public sealed class TenantLimitsController(FraudFlags fraudFlags, SpendCapChange spendCap) : Controller
{
    [HttpPost("clear-fraud-flag")]
    public async Task<IActionResult> ClearFraudFlag(Guid id, string? note, CancellationToken ct) =>
        Back(id, await fraudFlags.ClearAsync(id, note, StaffCause, ct));

    [HttpPost("daily-spend-cap")]
    public async Task<IActionResult> DailySpendCap(Guid id, string? dailyCap, CancellationToken ct) =>
        Back(id, await spendCap.SetAsync(id, dailyCap, StaffCause, ct));

    private string StaffCause => "staff:" + (User.FindFirstValue(ClaimTypes.Email) ?? User.Identity?.Name ?? "unknown");

    private IActionResult Back(Guid id, FormResult result) => this.RedirectWith(result, $"/admin/tenants/{id}", "Info", "Info");
}

public sealed record TenantLimitsCard(Tenant Tenant, FraudFlag? OpenFlag, IReadOnlyList<FraudFlag> PastFlags, DailySpend? Spend, string Currency);

/// <summary>The tenant page's card for fraud flags and the daily spending cap.</summary>
public sealed class TenantLimitsViewComponent(PortalDbContext db, OutboundCallLimits limits) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(Guid tenantId)
    {
        var ct = HttpContext.RequestAborted;
        var tenant = await db.Tenants.AsNoTracking().Include(t => t.Plan).SingleAsync(t => t.Id == tenantId, ct);
        var flags = await db.FraudFlags.AsNoTracking().Where(f => f.TenantId == tenantId).OrderByDescending(f => f.Id).Take(10).ToListAsync(ct);
        var paid = tenant.Status is TenantStatus.Active or TenantStatus.PastDue;
        return View("~/Areas/Admin/Views/TenantDetail/_Limits.cshtml", new TenantLimitsCard(
            tenant, flags.FirstOrDefault(f => f.ClearedAtUtc is null), flags.Where(f => f.ClearedAtUtc is not null).ToList(),
            paid || tenant.DailySpendCapCents is not null ? await limits.DailySpendAsync(tenant, ct) : null, tenant.Plan!.Currency));
    }
}
