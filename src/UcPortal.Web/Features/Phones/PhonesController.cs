using Microsoft.AspNetCore.Mvc;
using UcPortal.Web.Features.Account;
using UcPortal.Web.Features.Email;

namespace UcPortal.Web.Features.Phones;

/// <summary>The tenant's desk phones (owner and admins): add by MAC address, put extensions on lines, provisioning URL.</summary>
[Route("pbx/phones")]
public sealed class PhonesController(CurrentCustomer customer, DeskPhonePages pages) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var (tenantId, _, denied) = await ManagerAsync(ct);
        if (denied is not null)
        {
            return denied;
        }
        return View(new PhonesPage { Phones = await pages.ListAsync(tenantId, ct) });
    }

    [HttpPost("")]
    public async Task<IActionResult> Add([Bind(Prefix = "Form")] AddDeskPhoneForm form, [FromServices] AddDeskPhone add, CancellationToken ct)
    {
        var (tenantId, actor, denied) = await ManagerAsync(ct);
        if (denied is not null)
        {
            return denied;
        }
        if (ModelState.IsValid)
        {
            var result = await add.RunAsync(tenantId, actor, form, ct);
            if (result.Succeeded)
            {
                TempData["Flash"] = result.Message;
                return Redirect($"/pbx/phones/{result.Value}");
            }
            result.AddTo(ModelState, "Form.");
        }
        return View("Index", new PhonesPage { Phones = await pages.ListAsync(tenantId, ct), Form = form });
    }

    [HttpGet("{id:guid}")]
    public async Task<IActionResult> Phone(Guid id, [FromServices] PortalLinks links, CancellationToken ct)
    {
        var (tenantId, _, denied) = await ManagerAsync(ct);
        if (denied is not null)
        {
            return denied;
        }
        links.Observe(Request);
        var page = await pages.GetAsync(tenantId, id, links.BaseUrl, ct);
        return page is null ? NotFound() : View(page);
    }

    [HttpPost("{id:guid}/lines")]
    public async Task<IActionResult> Lines(Guid id, [FromForm] List<Guid?> lines, [FromServices] AssignDeskPhoneLines assign, CancellationToken ct)
    {
        var (tenantId, actor, denied) = await ManagerAsync(ct);
        if (denied is not null)
        {
            return denied;
        }
        var result = await assign.RunAsync(tenantId, actor, id, lines, ct);
        if (result.NotFound)
        {
            return NotFound();
        }
        TempData[result.Succeeded ? "Flash" : "LinesError"] = result.Message ?? result.Error;
        return Redirect($"/pbx/phones/{id}");
    }

    [HttpPost("{id:guid}/new-url")]
    public async Task<IActionResult> NewUrl(Guid id, [FromServices] RenewProvisioningUrl renew, CancellationToken ct)
    {
        var (tenantId, actor, denied) = await ManagerAsync(ct);
        if (denied is not null)
        {
            return denied;
        }
        var result = await renew.RunAsync(tenantId, actor, id, ct);
        if (result.NotFound)
        {
            return NotFound();
        }
        TempData["Flash"] = result.Message;
        return Redirect($"/pbx/phones/{id}");
    }

    [HttpPost("{id:guid}/delete")]
    public async Task<IActionResult> Delete(Guid id, [FromServices] DeleteDeskPhone delete, CancellationToken ct)
    {
        var (tenantId, actor, denied) = await ManagerAsync(ct);
        if (denied is not null)
        {
            return denied;
        }
        var result = await delete.RunAsync(tenantId, actor, id, ct);
        if (result.NotFound)
        {
            return NotFound();
        }
        TempData["Flash"] = result.Message;
        return Redirect("/pbx/phones");
    }

    /// <summary>The tenant of a signed-in owner or admin, or the answer for anyone else.</summary>
    private async Task<(Guid TenantId, string Actor, IActionResult? Denied)> ManagerAsync(CancellationToken ct)
    {
        var user = await customer.GetUserAsync(ct);
        if (user?.TenantId is not { } tenantId)
        {
            return (default, "", NotFound());
        }
        return await customer.CanManageTenantAsync(ct) ? (tenantId, user.Email ?? user.Id, null) : (default, "", Forbid());
    }
}
