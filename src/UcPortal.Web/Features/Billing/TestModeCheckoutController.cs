using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace UcPortal.Web.Features.Billing;

/// <summary>The test-mode provider's own pages: checkout, customer portal and invoice PDFs. They
/// exist only in test mode (BillingSetup leaves the controller out with Stripe: 404), and only for the
/// owner and admins of the tenant the session or invoice belongs to.</summary>
[Route("billing")]
[Authorize(Policy = AuthorizationPolicies.TenantManager)]
public sealed class TestModeCheckoutController(TestModeCheckout checkout) : Controller
{
    private const string ViewFolder = "/Features/Billing/Views/TestMode/";

    [HttpGet("test-checkout/{sessionId}")]
    public async Task<IActionResult> Checkout(TenantCaller caller, string sessionId, CancellationToken ct)
    {
        var page = await checkout.CheckoutAsync(caller.TenantId, sessionId, ct);
        if (page is null)
        {
            return NotFound();
        }
        if (page.Checkout.Status != CheckoutStatus.Open)
        {
            // Already paid or declined: the return page says which.
            return Redirect($"/billing/return?checkout={page.Checkout.Id}");
        }
        return View(ViewFolder + "Checkout.cshtml", page);
    }

    [HttpPost("test-checkout/{sessionId}/pay")]
    public async Task<IActionResult> Pay(TenantCaller caller, string sessionId, CancellationToken ct)
    {
        var id = await checkout.PayAsync(caller.TenantId, sessionId, ct);
        return id is null ? NotFound() : Redirect($"/billing/return?checkout={id}");
    }

    [HttpPost("test-checkout/{sessionId}/decline")]
    public async Task<IActionResult> Decline(TenantCaller caller, string sessionId, CancellationToken ct)
    {
        var id = await checkout.DeclineAsync(caller.TenantId, sessionId, ct);
        return id is null ? NotFound() : Redirect($"/billing/return?checkout={id}");
    }

    /// <summary>Test mode's stand-in for Stripe's customer portal.</summary>
    [HttpGet("test-portal")]
    public async Task<IActionResult> Portal(TenantCaller caller, CancellationToken ct) => View(ViewFolder + "Portal.cshtml", await checkout.PortalAsync(caller.TenantId, ct));

    [HttpPost("test-portal/cancel")]
    public async Task<IActionResult> PortalCancel(TenantCaller caller, [FromForm] bool cancel, [FromServices] SetCancelAtPeriodEnd setCancel, CancellationToken ct)
    {
        var result = await setCancel.RunAsync(caller.TenantId, cancel, caller.Actor, ct);
        TempData["Flash"] = result.Message ?? result.Error;
        return Redirect("/billing/test-portal");
    }

    /// <summary>Makes the end-of-period renewal happen now, paid or failed, as Stripe's events would report it.</summary>
    [HttpPost("test-portal/renewal")]
    public async Task<IActionResult> Renewal(TenantCaller caller, [FromForm] string? outcome, [FromForm] long periodEndTicks, CancellationToken ct)
    {
        if (outcome is not ("paid" or "failed") || periodEndTicks <= 0 || periodEndTicks > DateTime.MaxValue.Ticks)
        {
            return BadRequest();
        }
        TempData["Flash"] = await checkout.SimulateRenewalAsync(caller.TenantId, outcome == "paid", new DateTime(periodEndTicks, DateTimeKind.Utc), ct);
        return Redirect("/billing/test-portal");
    }

    [HttpGet("test-invoices/{invoiceId}.pdf")]
    public async Task<IActionResult> InvoicePdf(TenantCaller caller, string invoiceId, [FromServices] PortalDbContext db, CancellationToken ct)
    {
        var invoice = await db.BillingInvoices.AsNoTracking().SingleOrDefaultAsync(i => i.ProviderInvoiceId == invoiceId && i.TenantId == caller.TenantId, ct);
        if (invoice is null)
        {
            return NotFound();
        }
        var company = await db.Tenants.Where(t => t.Id == caller.TenantId).Select(t => t.Name).SingleAsync(ct);
        return File(TestModeInvoicePdf.Render(invoice, company), "application/pdf", $"invoice-{invoice.Number}.pdf");
    }
}
