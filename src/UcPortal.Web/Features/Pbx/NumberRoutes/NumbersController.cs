using Microsoft.AspNetCore.Mvc;

namespace UcPortal.Web.Features.Pbx.NumberRoutes;

/// <summary>The tenant's phone numbers and where each one rings (owners and admins).</summary>
[Route("pbx/numbers")]
public sealed class NumbersController(PbxAccess access, NumberRoutePages pages, NumberRouteChanges changes) : Controller
{
    private const string Views = "/Features/Pbx/NumberRoutes/Views/";

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var caller = await access.GetAsync(ct);
        if (caller is null || !caller.CanManage)
        {
            return caller is null ? Redirect("/dashboard") : Forbid();
        }
        return View(Views + "Index.cshtml", await pages.ListAsync(caller, ct));
    }

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Edit(int id, CancellationToken ct)
    {
        var caller = await access.GetAsync(ct);
        var page = caller is null || !caller.CanManage ? null : await pages.EditAsync(caller, id, null, ct);
        return page is null ? NotFound() : View(Views + "Edit.cshtml", page);
    }

    [HttpPost("{id:int}")]
    public async Task<IActionResult> Update(int id, NumberRouteForm form, CancellationToken ct)
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
            TempData["Info"] = "Saved.";
            return Redirect("/pbx/numbers");
        }
        PbxForms.AddErrors(ModelState, result);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        var page = await pages.EditAsync(caller, id, form, ct);
        return page is null ? NotFound() : View(Views + "Edit.cshtml", page);
    }
}
