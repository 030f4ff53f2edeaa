using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace UcPortal.Web.Features.Pbx.Extensions;

/// <summary>The tenant's extensions. Owners and admins manage all of them; a member sees only their
/// own (the handlers show and change only the member's own extension) and may change only its
/// forwarding and do-not-disturb.</summary>
[Route("pbx/extensions")]
public sealed class ExtensionsController(CurrentTenant current, ExtensionPages pages, ExtensionChanges changes)
    : PbxController(current, "/pbx/extensions", "/Features/Pbx/Extensions/Views/")
{
    [HttpGet("")]
    public Task<IActionResult> Index(CancellationToken ct) => ListAsync(pages.ListAsync, ct);

    [HttpGet("new")]
    [Authorize(Policy = AuthorizationPolicies.TenantManager)]
    public async Task<IActionResult> New(TenantCaller caller, CancellationToken ct) => View(ViewFolder + "Add.cshtml", await pages.AddAsync(caller, null, ct));

    [HttpPost("")]
    [Authorize(Policy = AuthorizationPolicies.TenantManager)]
    public async Task<IActionResult> Add(TenantCaller caller, AddExtensionForm form, CancellationToken ct)
    {
        var result = await changes.AddAsync(caller, form, ct);
        if (result.Succeeded)
        {
            TempData["Info"] = Text["Extension {0} added with a new SIP password. Reveal it from the list to set up a phone.", form.Number.Trim()].Value;
            return Redirect($"{ListUrl}/{result.Value}");
        }
        result.AddTo(ModelState, replaceBinderMessages: true);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View(ViewFolder + "Add.cshtml", await pages.AddAsync(caller, form, ct));
    }

    [HttpGet("{id:guid}")]
    public Task<IActionResult> Edit(Guid id, CancellationToken ct) => EditAsync((caller, t) => pages.EditAsync(caller, id, null, null, t), ct);

    [HttpPost("{id:guid}")]
    public Task<IActionResult> Update(Guid id, EditExtensionForm form, CancellationToken ct) => SaveAsync(
        (caller, t) => changes.UpdateAsync(caller, id, form, t), (caller, t) => pages.EditAsync(caller, id, form, null, t), () => Text["Saved."], ct);

    /// <summary>A POST, so the password is never in a URL, a log line or the browser's history.</summary>
    [HttpPost("{id:guid}/password")]
    public async Task<IActionResult> RevealPassword(TenantCaller caller, Guid id, CancellationToken ct) =>
        await pages.RevealPasswordAsync(caller, id, ct) is { } revealed ? PartialView("_RevealedPassword", revealed) : NotFound();

    /// <summary>Members may change only forwarding; a new password is for whoever looks after the phones.</summary>
    [HttpPost("{id:guid}/reset-password")]
    [Authorize(Policy = AuthorizationPolicies.TenantManager)]
    public async Task<IActionResult> ResetPassword(TenantCaller caller, Guid id, CancellationToken ct)
    {
        var result = await changes.ResetPasswordAsync(caller, id, ct);
        if (result.NotFound)
        {
            return NotFound();
        }
        result.AddTo(ModelState, replaceBinderMessages: true);
        return await pages.EditAsync(caller, id, null, result.Value, ct) is { } page ? View(ViewFolder + "Edit.cshtml", page) : NotFound();
    }

    [HttpPost("{id:guid}/delete")]
    [Authorize(Policy = AuthorizationPolicies.TenantManager)]
    public Task<IActionResult> Delete(Guid id, CancellationToken ct) => DeleteAsync((caller, t) => changes.DeleteAsync(caller, id, t), Text["Extension deleted."], ct);
}
