using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using UcPortal.Web.Features.CustomerCare;
using UcPortal.Web.Features.Lifecycle;

namespace UcPortal.Web.Areas.Admin.Controllers;

/// <summary>One customer for support staff ("customer 360", <see cref="TenantOverview"/>): state,
/// limits, numbers, extensions, SIP core, calls, invoices, emails, timeline, and the staff actions.
/// Each action is one use case (Features/Lifecycle/StaffActions, Features/CustomerCare/…) that
/// writes one audit line; the page confirms each before it is sent (data-confirm). The id of a
/// signup whose trial was never set up (failed provisioning) shows the signup and its retry.</summary>
[Area("Admin")]
[Authorize(Policy = AuthorizationPolicies.Staff)]
[Route("admin/tenants/{id:guid}")]
public sealed class TenantDetailController(PortalDbContext db, StaffActions actions) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(Guid id, [FromServices] TenantOverview overview, CancellationToken ct)
    {
        if (await overview.ReadAsync(id, ct) is { } page)
        {
            return View(page);
        }
        // A tenant's id is its signup's id: a signup without a tenant yet has its own page.
        var signup = await db.TrialSignups.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct);
        return signup is null ? NotFound() : View("Signup", signup);
    }

    [HttpPost("suspend")]
    public async Task<IActionResult> Suspend(Guid id, string? reason, CancellationToken ct) => Back(id, await actions.SuspendAsync(id, reason, StaffCause, ct));

    [HttpPost("resume")]
    public async Task<IActionResult> Resume(Guid id, CancellationToken ct) => Back(id, await actions.ResumeAsync(id, StaffCause, ct));

    [HttpPost("extend-trial")]
    public async Task<IActionResult> ExtendTrial(Guid id, int days, long? currentEndTicks, CancellationToken ct) =>
        Back(id, await actions.ExtendTrialAsync(id, days, currentEndTicks, StaffCause, ct));

    [HttpPost("add-credit")]
    public async Task<IActionResult> AddCredit(Guid id, int? minutes, decimal? amount, string? reason, [FromServices] AddTrialCredit addCredit, CancellationToken ct) =>
        Back(id, await addCredit.RunAsync(id, minutes, amount, reason, StaffCause, ct));

    [HttpPost("emails/{emailId:guid}/resend")]
    public async Task<IActionResult> ResendEmail(Guid id, Guid emailId, [FromServices] ResendEmail resend, CancellationToken ct) =>
        Back(id, await resend.RunAsync(id, emailId, ct));

    [HttpPost("extensions/{extensionId:guid}/reset-password")]
    public async Task<IActionResult> ResetSipPassword(Guid id, Guid extensionId, [FromServices] ResetSipPassword reset, CancellationToken ct) =>
        Back(id, await reset.RunAsync(id, extensionId, StaffCause, ct));

    [HttpPost("resync")]
    public async Task<IActionResult> Resync(Guid id, [FromServices] ForceSipResync resync, CancellationToken ct) =>
        Back(id, await resync.RunAsync(id, StaffCause, ct));

    [HttpPost("cancel-subscription")]
    public async Task<IActionResult> CancelSubscription(Guid id, string? when, string? reason, [FromServices] CancelSubscription cancel, CancellationToken ct) =>
        Back(id, await cancel.RunAsync(id, when == "now", reason, StaffCause, ct));

    [HttpPost("retry-provisioning")]
    public async Task<IActionResult> RetryProvisioning(Guid id, [FromServices] RetryTrialProvisioning retry, CancellationToken ct) =>
        Back(id, await retry.RunAsync(id, ct));

    [HttpPost("view-as")]
    public async Task<IActionResult> ViewAs(Guid id, [FromServices] ViewAsCustomer viewAs, CancellationToken ct)
    {
        var result = await viewAs.StartAsync(HttpContext, id, ct);
        return result.Succeeded ? this.RedirectWith(result, "/dashboard", "Info", "Info") : Back(id, result);
    }

    [HttpPost("premium-destinations")]
    public async Task<IActionResult> PremiumDestinations(Guid id, bool allow, string? reason, [FromServices] Features.Pbx.Routing.PremiumDestinationPermission permission, CancellationToken ct) =>
        Back(id, await permission.SetAsync(id, allow, reason, StaffCause, ct));

    private string StaffCause => "staff:" + (User.FindFirstValue(ClaimTypes.Email) ?? User.Identity?.Name ?? "unknown");

    private IActionResult Back(Guid id, FormResult result) => this.RedirectWith(result, $"/admin/tenants/{id}", "Info", "Info");
}

/// <summary>Ends "view as customer" (the one post allowed while it is on) and goes back to the tenant page.</summary>
[Area("Admin")]
[Authorize(Policy = AuthorizationPolicies.Staff)]
public sealed class ViewAsController(ViewAsCustomer viewAs) : Controller
{
    [HttpPost(ViewAsCustomer.StopPath)]
    public async Task<IActionResult> Stop(CancellationToken ct)
    {
        var tenantId = await viewAs.StopAsync(HttpContext, ct);
        TempData["Info"] = "You stopped viewing as the customer.";
        return Redirect(tenantId is { } id ? $"/admin/tenants/{id}" : "/admin");
    }
}
