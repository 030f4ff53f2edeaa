using Microsoft.AspNetCore.Mvc;

namespace UcPortal.Web.Features.Pbx.Trunks;

/// <summary>SIP trunks to the customer's own PBX (owners and admins of paid plans that include them).</summary>
[Route("pbx/trunks")]
public sealed class TrunksController(PbxAccess access, TrunkPages pages, TrunkChanges changes) : Controller
{
    private const string Views = "/Features/Pbx/Trunks/Views/";

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
    public Task<IActionResult> Add(TrunkForm form, CancellationToken ct) => SaveAsync(null, form, ct);

    [HttpPost("{id:guid}")]
    public Task<IActionResult> Update(Guid id, TrunkForm form, CancellationToken ct) => SaveAsync(id, form, ct);

    /// <summary>Registration credentials, as a POST so they never land in a URL or a log.</summary>
    [HttpPost("{id:guid}/password")]
    public async Task<IActionResult> Reveal(Guid id, CancellationToken ct)
    {
        var caller = await access.GetAsync(ct);
        var revealed = caller is null || !caller.CanManage ? null : await pages.RevealAsync(caller, id, ct);
        return revealed is null ? NotFound() : PartialView(Views + "_RevealedCredentials.cshtml", revealed.Value);
    }

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
            TempData["Info"] = "SIP trunk deleted.";
        }
        else
        {
            TempData["PbxError"] = result.Errors.Values.First();
        }
        return Redirect("/pbx/trunks");
    }

    private async Task<IActionResult> EditPageAsync(Guid? id, TrunkForm? form, CancellationToken ct)
    {
        var caller = await access.GetAsync(ct);
        if (caller is null || !caller.CanManage)
        {
            return NotFound();
        }
        var page = await pages.EditAsync(caller, id, form, ct);
        if (page is null)
        {
            return NotFound();
        }
        if (TrunkChanges.WhyNotAllowed(caller) is not null)
        {
            return Redirect("/pbx/trunks");
        }
        return View(Views + "Edit.cshtml", page);
    }

    private async Task<IActionResult> SaveAsync(Guid? id, TrunkForm form, CancellationToken ct)
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
            TempData["Info"] = form.AuthMode == Data.Entities.TrunkAuthMode.Registration
                ? "SIP trunk saved. Reveal its username and password below to enter them in your PBX."
                : "SIP trunk saved.";
            return Redirect("/pbx/trunks");
        }
        if (TrunkChanges.WhyNotAllowed(caller) is { } why)
        {
            TempData["PbxError"] = why;
            return Redirect("/pbx/trunks");
        }
        PbxForms.AddErrors(ModelState, result);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        var page = await pages.EditAsync(caller, id, form, ct);
        return page is null ? NotFound() : View(Views + "Edit.cshtml", page);
    }
}
