using Microsoft.AspNetCore.Mvc;

namespace UcPortal.Web.Features.Pbx.Changes;

/// <summary>The tenant's change log with each change's state; polled by htmx while anything is on its way.</summary>
[Route("pbx/changes")]
public sealed class ChangesController(PbxAccess access, PbxSyncStatus status) : Controller
{
    private const string Views = "/Features/Pbx/Changes/Views/";

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var caller = await access.GetAsync(ct);
        if (caller is null)
        {
            return Redirect("/dashboard");
        }
        return caller.CanManage ? View(Views + "Index.cshtml", await status.PageAsync(caller.TenantId, ct)) : Forbid();
    }

    [HttpGet("list")]
    public async Task<IActionResult> List(CancellationToken ct)
    {
        var caller = await access.GetAsync(ct);
        if (caller is null || !caller.CanManage)
        {
            return NotFound();
        }
        return PartialView(Views + "_ChangeList.cshtml", await status.PageAsync(caller.TenantId, ct));
    }

    /// <summary>The header badge, polled on every PBX page while a change is on its way.</summary>
    [HttpGet("badge")]
    public async Task<IActionResult> Badge(CancellationToken ct)
    {
        var caller = await access.GetAsync(ct);
        if (caller is null)
        {
            return NotFound();
        }
        ViewData["LinkToChanges"] = caller.CanManage;
        return PartialView("/Features/Pbx/Views/_SyncBadge.cshtml", await status.SummaryAsync(caller.TenantId, ct));
    }
}
