using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using UcPortal.Web.Features.Email;

namespace UcPortal.Web.Features.Phones;

/// <summary>The tenant's desk phones (owner and admins): add by MAC address, put extensions on lines, provisioning URL.</summary>
[Route("pbx/phones")]
[Authorize(Policy = AuthorizationPolicies.TenantManager)]
public sealed class PhonesController(DeskPhonePages pages) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(TenantCaller caller, CancellationToken ct) =>
        View(new PhonesPage { Phones = await pages.ListAsync(caller.TenantId, ct) });

    [HttpPost("")]
    public async Task<IActionResult> Add(TenantCaller caller, [Bind(Prefix = "Form")] AddDeskPhoneForm form, [FromServices] AddDeskPhone add, CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            var result = await add.RunAsync(caller.TenantId, caller.Actor, form, ct);
            if (result.Succeeded)
            {
                TempData["Flash"] = result.Message;
                return Redirect($"/pbx/phones/{result.Value}");
            }
            result.AddTo(ModelState, "Form.");
        }
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View("Index", new PhonesPage { Phones = await pages.ListAsync(caller.TenantId, ct), Form = form });
    }

    [HttpGet("{id:guid}")]
    public async Task<IActionResult> Phone(TenantCaller caller, Guid id, [FromServices] PortalLinks links, CancellationToken ct)
    {
        return await pages.GetAsync(caller.TenantId, id, links.BaseUrl, ct) is { } page ? View(page) : NotFound();
    }

    [HttpPost("{id:guid}/lines")]
    public async Task<IActionResult> Lines(TenantCaller caller, Guid id, [FromForm] List<Guid?> lines, [FromServices] AssignDeskPhoneLines assign, CancellationToken ct) =>
        this.RedirectWith(await assign.RunAsync(caller.TenantId, caller.Actor, id, lines, ct), $"/pbx/phones/{id}", "Flash", "LinesError");

    [HttpPost("{id:guid}/new-url")]
    public async Task<IActionResult> NewUrl(TenantCaller caller, Guid id, [FromServices] RenewProvisioningUrl renew, CancellationToken ct) =>
        this.RedirectWith(await renew.RunAsync(caller.TenantId, caller.Actor, id, ct), $"/pbx/phones/{id}", "Flash", "Flash");

    [HttpPost("{id:guid}/delete")]
    public async Task<IActionResult> Delete(TenantCaller caller, Guid id, [FromServices] DeleteDeskPhone delete, CancellationToken ct) =>
        this.RedirectWith(await delete.RunAsync(caller.TenantId, caller.Actor, id, ct), "/pbx/phones", "Flash", "Flash");
}
