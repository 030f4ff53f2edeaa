using Microsoft.AspNetCore.Mvc;

namespace UcPortal.Web.Features.Pbx.Extensions;

/// <summary>The tenant's extensions. Owners and admins manage all of them; a member sees only their
/// own and may change only its forwarding and do-not-disturb.</summary>
[Route("pbx/extensions")]
public sealed class ExtensionsController(PbxAccess access, ExtensionPages pages, ExtensionChanges changes)
    : PbxController(access, "/pbx/extensions", "/Features/Pbx/Extensions/Views/")
{
    /// <summary>Members too: the handlers show and change only the member's own extension.</summary>
    protected override bool MayEdit(PbxCaller caller) => true;

    [HttpGet("")]
    public Task<IActionResult> Index(CancellationToken ct) => ListAsync(pages.ListAsync, ct);

    [HttpGet("new")]
    public async Task<IActionResult> New(CancellationToken ct)
    {
        var caller = await CallerAsync(ct);
        if (caller is null || !caller.CanManage)
        {
            return caller is null ? Redirect("/dashboard") : Forbid();
        }
        return View(ViewFolder + "Add.cshtml", await pages.AddAsync(caller, null, ct));
    }

    [HttpPost("")]
    public async Task<IActionResult> Add(AddExtensionForm form, CancellationToken ct)
    {
        var caller = await CallerAsync(ct);
        if (caller is null || !caller.CanManage)
        {
            return caller is null ? Redirect("/dashboard") : Forbid();
        }
        var (result, id) = await changes.AddAsync(caller, form, ct);
        if (result.Succeeded)
        {
            TempData["Info"] = $"Extension {form.Number.Trim()} added with a new SIP password. Reveal it from the list to set up a phone.";
            return Redirect($"{ListUrl}/{id}");
        }
        result.AddTo(ModelState, replaceBinderMessages: true);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View(ViewFolder + "Add.cshtml", await pages.AddAsync(caller, form, ct));
    }

    [HttpGet("{id:guid}")]
    public Task<IActionResult> Edit(Guid id, CancellationToken ct) => EditAsync((caller, t) => pages.EditAsync(caller, id, null, null, t), ct);

    [HttpPost("{id:guid}")]
    public Task<IActionResult> Update(Guid id, EditExtensionForm form, CancellationToken ct) => SaveAsync(
        (caller, t) => changes.UpdateAsync(caller, id, form, t), (caller, t) => pages.EditAsync(caller, id, form, null, t), () => "Saved.", ct);

    /// <summary>A POST, so the password is never in a URL, a log line or the browser's history.</summary>
    [HttpPost("{id:guid}/password")]
    public async Task<IActionResult> RevealPassword(Guid id, CancellationToken ct)
    {
        var caller = await CallerAsync(ct);
        var revealed = caller is null ? null : await pages.RevealPasswordAsync(caller, id, ct);
        return revealed is null ? NotFound() : PartialView("/Features/Dashboard/Views/_RevealedPassword.cshtml", revealed.Value);
    }

    [HttpPost("{id:guid}/reset-password")]
    public async Task<IActionResult> ResetPassword(Guid id, CancellationToken ct)
    {
        var caller = await CallerAsync(ct);
        if (caller is null)
        {
            return NotFound();
        }
        if (!caller.CanManage)
        {
            // Members may change only forwarding; a new password is for whoever looks after the phones.
            return await pages.EditAsync(caller, id, null, null, ct) is null ? NotFound() : Forbid();
        }
        var (result, _, password) = await changes.ResetPasswordAsync(caller, id, ct);
        if (result.NotFound)
        {
            return NotFound();
        }
        result.AddTo(ModelState, replaceBinderMessages: true);
        var page = await pages.EditAsync(caller, id, null, password, ct);
        return page is null ? NotFound() : View(ViewFolder + "Edit.cshtml", page);
    }

    [HttpPost("{id:guid}/delete")]
    public Task<IActionResult> Delete(Guid id, CancellationToken ct) => DeleteAsync((caller, t) => changes.DeleteAsync(caller, id, t), "Extension deleted.", ct);
}
