using Microsoft.AspNetCore.Mvc;

namespace UcPortal.Web.Features.Pbx.Changes;

/// <summary>The compact "applied / pending / failed — retrying" badge in every PBX page's header.</summary>
public sealed class SyncBadgeViewComponent(CurrentTenant current, PbxSyncStatus status) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(bool withNote = true)
    {
        var caller = await current.GetAsync(HttpContext.RequestAborted);
        if (caller is null)
        {
            return Content("");
        }
        ViewData["WithNote"] = withNote;
        ViewData["LinkToChanges"] = caller.CanManage;
        return View("/Features/Pbx/Views/_SyncBadge.cshtml", await status.SummaryAsync(caller.TenantId, HttpContext.RequestAborted));
    }
}
