using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace UcPortal.Web.Features.Pbx.Changes;

/// <summary>The tenant's change log with each change's state; polled by htmx while anything is on its way.</summary>
[Route("pbx/changes")]
[Authorize(Policy = AuthorizationPolicies.TenantMember)]
public sealed class ChangesController(PbxSyncStatus status) : Controller
{
    private const string Views = "/Features/Pbx/Changes/Views/";

    [HttpGet("")]
    [Authorize(Policy = AuthorizationPolicies.TenantManager)]
    public async Task<IActionResult> Index(TenantCaller caller, CancellationToken ct) => View(Views + "Index.cshtml", await status.PageAsync(caller.TenantId, ct));

    [HttpGet("list")]
    [Authorize(Policy = AuthorizationPolicies.TenantManager)]
    public async Task<IActionResult> List(TenantCaller caller, CancellationToken ct) => PartialView(Views + "_ChangeList.cshtml", await status.PageAsync(caller.TenantId, ct));

    /// <summary>The header badge, polled on every PBX page while a change is on its way.</summary>
    [HttpGet("badge")]
    public async Task<IActionResult> Badge(TenantCaller caller, CancellationToken ct)
    {
        ViewData["LinkToChanges"] = caller.CanManage;
        return PartialView("/Features/Pbx/Views/_SyncBadge.cshtml", await status.SummaryAsync(caller.TenantId, ct));
    }
}
