using Microsoft.AspNetCore.Mvc;

namespace UcPortal.Web.Features.Pbx.RingGroups;

/// <summary>Ring groups (owners and admins): one number that rings several extensions.</summary>
[Route("pbx/ring-groups")]
public sealed class RingGroupsController(PbxAccess access, RingGroupPages pages, RingGroupChanges changes) : Controller
{
    private const string Views = "/Features/Pbx/RingGroups/Views/";

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var caller = await access.GetAsync(ct);
        if (caller is null || !caller.CanManage)
        {
            return caller is null ? Redirect("/dashboard") : Forbid();
        }
        return View(Views + "Index.cshtml", await pages.ListAsync(caller, TempData["PbxError"] as string, ct));
    }

    [HttpGet("new")]
    public Task<IActionResult> New(CancellationToken ct) => EditPageAsync(null, null, ct);

    [HttpGet("{id:guid}")]
    public Task<IActionResult> Edit(Guid id, CancellationToken ct) => EditPageAsync(id, null, ct);

    [HttpPost("")]
    public Task<IActionResult> Add(RingGroupForm form, CancellationToken ct) => SaveAsync(null, form, ct);

    [HttpPost("{id:guid}")]
    public Task<IActionResult> Update(Guid id, RingGroupForm form, CancellationToken ct) => SaveAsync(id, form, ct);

    [HttpPost("{id:guid}/delete")]
    public async Task<IActionResult> Delete(Guid id, CancellationToken ct)
    {
        var caller = await access.GetAsync(ct);
        if (caller is null || !caller.CanManage)
        {
            return NotFound();
        }
        var result = await changes.DeleteAsync(caller, id, ct);
        if (result.NotFound)
        {
            return NotFound();
        }
        if (result.Succeeded)
        {
            TempData["Info"] = "Ring group deleted.";
        }
        else
        {
            TempData["PbxError"] = result.Errors.Values.First();
        }
        return Redirect("/pbx/ring-groups");
    }

    private async Task<IActionResult> EditPageAsync(Guid? id, RingGroupForm? form, CancellationToken ct)
    {
        var caller = await access.GetAsync(ct);
        if (caller is null || !caller.CanManage)
        {
            return NotFound();
        }
        var page = await pages.EditAsync(caller, id, form, ct);
        return page is null ? NotFound() : View(Views + "Edit.cshtml", page);
    }

    private async Task<IActionResult> SaveAsync(Guid? id, RingGroupForm form, CancellationToken ct)
    {
        var caller = await access.GetAsync(ct);
        if (caller is null || !caller.CanManage)
        {
            return NotFound();
        }
        var result = await changes.SaveAsync(caller, id, form, ct);
        if (result.NotFound)
        {
            return NotFound();
        }
        if (result.Succeeded)
        {
            TempData["Info"] = $"Ring group {form.Number.Trim()} saved.";
            return Redirect("/pbx/ring-groups");
        }
        PbxForms.AddErrors(ModelState, result);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return await EditPageAsync(id, form, ct);
    }
}
