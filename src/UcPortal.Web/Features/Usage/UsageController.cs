using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using UcPortal.Pbx;

namespace UcPortal.Web.Features.Usage;

/// <summary>The tenant's calls and minutes (owner and admins).</summary>
[Route("pbx/usage")]
[Authorize(Policy = AuthorizationPolicies.TenantManager)]
public sealed class UsageController(UsageQuery usage, IPbxStateWriter sipCore) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(TenantCaller caller, [FromQuery] UsageFilter filter, CancellationToken ct) =>
        View(await usage.PageAsync(caller.TenantId, filter, sipCore.IsConnected, ct));

    [HttpGet("calls.csv")]
    public async Task<IActionResult> Csv(TenantCaller caller, [FromQuery] UsageFilter filter, CancellationToken ct) =>
        File(System.Text.Encoding.UTF8.GetBytes(await usage.CsvAsync(caller.TenantId, filter, ct)), "text/csv; charset=utf-8", "calls.csv");
}
