using Microsoft.AspNetCore.Mvc;
using UcPortal.Pbx;
using UcPortal.Web.Features.Account;

namespace UcPortal.Web.Features.Usage;

/// <summary>The tenant's calls and minutes (owner and admins).</summary>
[Route("pbx/usage")]
public sealed class UsageController(CurrentCustomer customer, UsageQuery usage, IPbxStateWriter sipCore) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] UsageFilter filter, CancellationToken ct)
    {
        var tenantId = await customer.GetTenantIdAsync(ct);
        if (tenantId is null)
        {
            return Redirect("/dashboard");
        }
        if (!await customer.CanManageTenantAsync(ct))
        {
            return Forbid();
        }
        return View(await usage.PageAsync(tenantId.Value, filter, sipCore.IsConnected, ct));
    }

    [HttpGet("calls.csv")]
    public async Task<IActionResult> Csv([FromQuery] UsageFilter filter, CancellationToken ct)
    {
        var tenantId = await customer.GetTenantIdAsync(ct);
        if (tenantId is null)
        {
            return NotFound();
        }
        if (!await customer.CanManageTenantAsync(ct))
        {
            return Forbid();
        }
        var csv = await usage.CsvAsync(tenantId.Value, filter, ct);
        return File(System.Text.Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8", "calls.csv");
    }
}
