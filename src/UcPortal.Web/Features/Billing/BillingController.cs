using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using UcPortal.Web.Features.Email;
using UcPortal.Web.Features.Numbers;

namespace UcPortal.Web.Features.Billing;

/// <summary>Upgrade, the checkout's return page and the billing page. Owners and admins only:
/// members manage no money. Every id in a URL is looked up within the caller's own tenant.</summary>
[Route("billing")]
[Authorize(Policy = AuthorizationPolicies.TenantManager)]
[TypeFilter<PaymentProviderErrorFilter>]
public sealed class BillingController(BillingPages pages, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> t) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(TenantCaller caller, CancellationToken ct) => View(await pages.BillingAsync(caller.TenantId, ct));

    [HttpGet("upgrade")]
    public async Task<IActionResult> Upgrade(TenantCaller caller, [FromQuery] string? plan, [FromQuery] bool cancelled, CancellationToken ct) =>
        View(await pages.UpgradeAsync(caller.TenantId, string.IsNullOrWhiteSpace(plan) ? new UpgradeForm() : new UpgradeForm { PlanCode = plan }, cancelled, ct));

    [HttpPost("upgrade")]
    public async Task<IActionResult> Upgrade(TenantCaller caller, [Bind(Prefix = "Form")] UpgradeForm form, [FromServices] StartCheckout start, CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            var result = await start.RunAsync(caller.TenantId, caller.User.Email ?? "", form.PlanCode ?? "", form.ExtraNumbers, form.Nonce ?? "", ct);
            if (result.Succeeded)
            {
                return Redirect(result.Value!);
            }
            result.AddTo(ModelState, "Form.");
        }
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View(await pages.UpgradeAsync(caller.TenantId, form, false, ct));
    }

    /// <summary>Where the checkout sends the browser back: "activating" until the provider's event
    /// has made the tenant paid, or why the payment did not go through.</summary>
    [HttpGet("return")]
    public async Task<IActionResult> Return(TenantCaller caller, [FromQuery] Guid checkout, CancellationToken ct) =>
        await pages.ReturnAsync(caller.TenantId, checkout, ct) is { } page ? View(page) : NotFound();

    /// <summary>Polled by the return page (htmx) while it waits.</summary>
    [HttpGet("return/status")]
    public async Task<IActionResult> ReturnStatus(TenantCaller caller, [FromQuery] Guid checkout, CancellationToken ct) =>
        await pages.ReturnAsync(caller.TenantId, checkout, ct) is { } page ? PartialView("_ReturnStatus", page) : NotFound();

    /// <summary>The provider's customer portal (card, invoices, cancellation), for this tenant's customer only.</summary>
    [HttpPost("portal")]
    public async Task<IActionResult> Portal(TenantCaller caller, [FromServices] IPaymentProvider provider, [FromServices] PortalLinks links, CancellationToken ct)
    {
        if (caller.Tenant.BillingCustomerId is not { } customerId || caller.Tenant.SubscriptionId is null)
        {
            TempData["BillingError"] = t["Payment details and invoices are there once you have a paid plan."].Value;
            return Redirect("/billing");
        }
        return Redirect(await provider.CreateCustomerPortalUrlAsync(customerId, links.To("/billing"), ct));
    }

    [HttpPost("plan")]
    public async Task<IActionResult> ChangePlan(TenantCaller caller, [FromForm] string? planCode, [FromServices] ChangePlan change, CancellationToken ct) =>
        await AfterAsync(caller, await change.RunAsync(caller.TenantId, planCode ?? "", caller.Actor, ct), ct);

    [HttpPost("cancel")]
    public async Task<IActionResult> Cancel(TenantCaller caller, [FromServices] SetCancelAtPeriodEnd cancel, CancellationToken ct) =>
        await AfterAsync(caller, await cancel.RunAsync(caller.TenantId, true, caller.Actor, ct), ct);

    [HttpPost("resume")]
    public async Task<IActionResult> Resume(TenantCaller caller, [FromServices] SetCancelAtPeriodEnd cancel, CancellationToken ct) =>
        await AfterAsync(caller, await cancel.RunAsync(caller.TenantId, false, caller.Actor, ct), ct);

    [HttpPost("numbers")]
    public async Task<IActionResult> AddNumbers(TenantCaller caller, [FromForm] string? area, [FromForm] int count, [FromServices] AddNumbers add, CancellationToken ct) =>
        await AfterAsync(caller, await add.RunAsync(caller.TenantId, area, count, caller.Actor, ct), ct);

    /// <summary>The number search (htmx swaps the panel in place).</summary>
    [HttpGet("numbers/search")]
    public async Task<IActionResult> SearchNumbers(TenantCaller caller, [FromQuery] NumberQuery query, CancellationToken ct)
    {
        ModelState.Clear();
        var panel = await pages.NumberSearchAsync(caller.Tenant, query, null, null, ct);
        if (panel.Result.Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
        return PartialView("_NumberSearch", panel);
    }

    /// <summary>Holds a number of the paid pool for the tenant for a few minutes (decision 032).</summary>
    [HttpPost("numbers/hold")]
    public async Task<IActionResult> HoldNumber(TenantCaller caller, [FromForm] int id, [FromForm] NumberQuery query, [FromServices] NumberHolds holds, CancellationToken ct)
    {
        ModelState.Clear();
        var tenant = caller.Tenant;
        if (!tenant.HasPaidSubscription || tenant.Status != TenantStatus.Active)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return PartialView("_NumberSearch", await pages.NumberSearchAsync(tenant, query, t["Numbers can be chosen on an active paid plan."], null, ct));
        }
        var result = await holds.HoldAsync(NumberHolders.Tenant(caller.TenantId), id, NumberPool.Paid,
            country => country == tenant.Country || tenant.HasPaidSubscription, ct);
        if (result.NotFound)
        {
            return NotFound();
        }
        if (!result.Succeeded)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
        return PartialView("_NumberSearch", await pages.NumberSearchAsync(tenant, query, result.Error, result.Message, ct));
    }

    /// <summary>Buys the number the tenant holds.</summary>
    [HttpPost("numbers/buy")]
    public async Task<IActionResult> BuyNumber(TenantCaller caller, [FromForm] int id, [FromServices] AddNumbers add, CancellationToken ct) =>
        await AfterAsync(caller, await add.BuyHeldAsync(caller.TenantId, id, caller.Actor, ct), ct);

    [HttpPost("numbers/{id:int}/release")]
    public async Task<IActionResult> ReleaseNumber(TenantCaller caller, int id, [FromServices] ReleaseNumber release, CancellationToken ct) =>
        await AfterAsync(caller, await release.RunAsync(caller.TenantId, id, caller.Actor, ct), ct);

    /// <summary>Done: back to the page with the message. Refused: the page again, the error next to its field.</summary>
    private async Task<IActionResult> AfterAsync(TenantCaller caller, FormResult result, CancellationToken ct)
    {
        if (result.NotFound)
        {
            return NotFound();
        }
        if (result.Succeeded)
        {
            TempData["Flash"] = result.Message;
            return Redirect("/billing");
        }
        result.AddTo(ModelState);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View("Index", await pages.BillingAsync(caller.TenantId, ct));
    }
}
