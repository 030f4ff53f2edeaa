using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using UcPortal.Web.Features.Funnel;

namespace UcPortal.Web.Areas.Admin.Controllers;

/// <summary>The trial funnel by week of signup, with a chart (wwwroot/js/funnel-chart.js).</summary>
[Area("Admin")]
[Authorize(Policy = AuthorizationPolicies.Staff)]
[Route("admin/funnel")]
public sealed class FunnelController(FunnelReport report) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(int? weeks, CancellationToken ct) =>
        View(await report.RunAsync(weeks ?? FunnelReport.DefaultWeeks, ct));
}
