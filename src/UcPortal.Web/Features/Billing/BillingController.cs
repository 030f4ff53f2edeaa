using Microsoft.AspNetCore.Mvc;
using UcPortal.Data.Entities;
using UcPortal.Web.Features.Account;
using UcPortal.Web.Features.Email;

namespace UcPortal.Web.Features.Billing;

/// <summary>Upgrade, the checkout's return page and the billing page. Owners and admins only:
/// members manage no money. Every id in a URL is looked up within the caller's own tenant.</summary>
[Route("billing")]
[TypeFilter<PaymentProviderErrorFilter>]
public sealed class BillingController(CurrentCustomer customer, BillingPages pages) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var (user, denied) = await ManagerAsync(ct);
        return denied ?? View(await pages.BillingAsync(user!.TenantId!.Value, ct));
    }

    [HttpGet("upgrade")]
    public async Task<IActionResult> Upgrade([FromQuery] string? plan, [FromQuery] bool cancelled, CancellationToken ct)
    {
        var (user, denied) = await ManagerAsync(ct);
        if (denied is not null)
        {
            return denied;
        }
        var form = new UpgradeForm();
        if (!string.IsNullOrWhiteSpace(plan))
        {
            form.PlanCode = plan;
        }
        return View(await pages.UpgradeAsync(user!.TenantId!.Value, form, cancelled, ct));
    }

    [HttpPost("upgrade")]
    public async Task<IActionResult> Upgrade([Bind(Prefix = "Form")] UpgradeForm form, [FromServices] StartCheckout start, [FromServices] PortalLinks links, CancellationToken ct)
    {
        var (user, denied) = await ManagerAsync(ct);
        if (denied is not null)
        {
            return denied;
        }
        links.Observe(Request);
        if (ModelState.IsValid)
        {
            var result = await start.RunAsync(user!.TenantId!.Value, user.Email ?? "", form.PlanCode ?? "", form.ExtraNumbers, form.Nonce ?? "", ct);
            if (result.Succeeded)
            {
                return Redirect(result.Value!);
            }
            result.AddTo(ModelState, "Form.");
        }
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View(await pages.UpgradeAsync(user!.TenantId!.Value, form, false, ct));
    }

    /// <summary>Where the checkout sends the browser back: "activating" until the provider's event
    /// has made the tenant paid, or why the payment did not go through.</summary>
    [HttpGet("return")]
    public async Task<IActionResult> Return([FromQuery] Guid checkout, CancellationToken ct)
    {
        var (user, denied) = await ManagerAsync(ct);
        if (denied is not null)
        {
            return denied;
        }
        var page = await pages.ReturnAsync(user!.TenantId!.Value, checkout, ct);
        return page is null ? NotFound() : View(page);
    }

    /// <summary>Polled by the return page (htmx) while it waits.</summary>
    [HttpGet("return/status")]
    public async Task<IActionResult> ReturnStatus([FromQuery] Guid checkout, CancellationToken ct)
    {
        var (user, denied) = await ManagerAsync(ct);
        if (denied is not null)
        {
            return denied;
        }
        var page = await pages.ReturnAsync(user!.TenantId!.Value, checkout, ct);
        return page is null ? NotFound() : PartialView("_ReturnStatus", page);
    }

    /// <summary>The provider's customer portal (card, invoices, cancellation), for this tenant's customer only.</summary>
    [HttpPost("portal")]
    public async Task<IActionResult> Portal([FromServices] IPaymentProvider provider, [FromServices] PortalLinks links, CancellationToken ct)
    {
        var (user, denied) = await ManagerAsync(ct);
        if (denied is not null)
        {
            return denied;
        }
        links.Observe(Request);
        var page = await pages.BillingAsync(user!.TenantId!.Value, ct);
        if (page.Tenant.BillingCustomerId is not { } customerId || page.Tenant.SubscriptionId is null)
        {
            TempData["BillingError"] = "Payment details and invoices are there once you have a paid plan.";
            return Redirect("/billing");
        }
        return Redirect(await provider.CreateCustomerPortalUrlAsync(customerId, links.To("/billing"), ct));
    }

    [HttpPost("plan")]
    public async Task<IActionResult> ChangePlan([FromForm] string? planCode, [FromServices] ChangePlan change, CancellationToken ct)
    {
        var (user, denied) = await ManagerAsync(ct);
        return denied ?? await AfterAsync(user!, await change.RunAsync(user!.TenantId!.Value, planCode ?? "", Actor(user), ct), ct);
    }

    [HttpPost("cancel")]
    public async Task<IActionResult> Cancel([FromServices] SetCancelAtPeriodEnd cancel, CancellationToken ct)
    {
        var (user, denied) = await ManagerAsync(ct);
        return denied ?? await AfterAsync(user!, await cancel.RunAsync(user!.TenantId!.Value, true, Actor(user), ct), ct);
    }

    [HttpPost("resume")]
    public async Task<IActionResult> Resume([FromServices] SetCancelAtPeriodEnd cancel, CancellationToken ct)
    {
        var (user, denied) = await ManagerAsync(ct);
        return denied ?? await AfterAsync(user!, await cancel.RunAsync(user!.TenantId!.Value, false, Actor(user), ct), ct);
    }

    [HttpPost("numbers")]
    public async Task<IActionResult> AddNumbers([FromForm] string? area, [FromForm] int count, [FromServices] AddNumbers add, CancellationToken ct)
    {
        var (user, denied) = await ManagerAsync(ct);
        return denied ?? await AfterAsync(user!, await add.RunAsync(user!.TenantId!.Value, area, count, Actor(user), ct), ct);
    }

    [HttpPost("numbers/{id:int}/release")]
    public async Task<IActionResult> ReleaseNumber(int id, [FromServices] ReleaseNumber release, CancellationToken ct)
    {
        var (user, denied) = await ManagerAsync(ct);
        if (denied is not null)
        {
            return denied;
        }
        var result = await release.RunAsync(user!.TenantId!.Value, id, Actor(user), ct);
        return result.NotFound ? NotFound() : await AfterAsync(user, result, ct);
    }

    /// <summary>Done: back to the page with the message. Refused: the page again, the error next to its field.</summary>
    private async Task<IActionResult> AfterAsync(PortalUser user, FormResult result, CancellationToken ct)
    {
        if (result.Succeeded)
        {
            TempData["Flash"] = result.Message;
            return Redirect("/billing");
        }
        result.AddTo(ModelState);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View("Index", await pages.BillingAsync(user.TenantId!.Value, ct));
    }

    private static string Actor(PortalUser user) => user.Email ?? user.Id;

    private async Task<(PortalUser? User, IActionResult? Denied)> ManagerAsync(CancellationToken ct)
    {
        var user = await customer.GetUserAsync(ct);
        if (user is null)
        {
            return (null, Challenge());
        }
        if (user.TenantId is null)
        {
            return (null, Redirect("/dashboard"));
        }
        return await customer.CanManageTenantAsync(ct) ? (user, null) : (null, Forbid());
    }
}
