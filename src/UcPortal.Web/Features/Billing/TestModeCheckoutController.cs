using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using UcPortal.Data;
using UcPortal.Data.Entities;
using UcPortal.Web.Features.Account;

namespace UcPortal.Web.Features.Billing;

/// <summary>The test-mode provider's own pages: checkout, customer portal and invoice PDFs. They
/// exist only in test mode (404 with Stripe), and only for the owner and admins of the tenant the
/// session or invoice belongs to.</summary>
[Route("billing")]
public sealed class TestModeCheckoutController(CurrentCustomer customer) : Controller
{
    private const string ViewFolder = "/Features/Billing/Views/TestMode/";

    [HttpGet("test-checkout/{sessionId}")]
    public async Task<IActionResult> Checkout(string sessionId, CancellationToken ct)
    {
        var (tenantId, checkout, denied) = await AccessAsync(ct);
        if (denied is not null)
        {
            return denied;
        }
        var page = await checkout!.CheckoutAsync(tenantId, sessionId, ct);
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
    public async Task<IActionResult> Pay(string sessionId, CancellationToken ct)
    {
        var (tenantId, checkout, denied) = await AccessAsync(ct);
        if (denied is not null)
        {
            return denied;
        }
        var id = await checkout!.PayAsync(tenantId, sessionId, ct);
        return id is null ? NotFound() : Redirect($"/billing/return?checkout={id}");
    }

    [HttpPost("test-checkout/{sessionId}/decline")]
    public async Task<IActionResult> Decline(string sessionId, CancellationToken ct)
    {
        var (tenantId, checkout, denied) = await AccessAsync(ct);
        if (denied is not null)
        {
            return denied;
        }
        var id = await checkout!.DeclineAsync(tenantId, sessionId, ct);
        return id is null ? NotFound() : Redirect($"/billing/return?checkout={id}");
    }

    /// <summary>Test mode's stand-in for Stripe's customer portal.</summary>
    [HttpGet("test-portal")]
    public async Task<IActionResult> Portal(CancellationToken ct)
    {
        var (tenantId, checkout, denied) = await AccessAsync(ct);
        return denied ?? View(ViewFolder + "Portal.cshtml", await checkout!.PortalAsync(tenantId, ct));
    }

    [HttpPost("test-portal/cancel")]
    public async Task<IActionResult> PortalCancel([FromForm] bool cancel, [FromServices] SetCancelAtPeriodEnd setCancel, CancellationToken ct)
    {
        var (tenantId, _, denied) = await AccessAsync(ct);
        if (denied is not null)
        {
            return denied;
        }
        var user = await customer.GetUserAsync(ct);
        var result = await setCancel.RunAsync(tenantId, cancel, user!.Email ?? user.Id, ct);
        TempData["Flash"] = result.Message ?? result.Error;
        return Redirect("/billing/test-portal");
    }

    /// <summary>Makes the end-of-period renewal happen now, paid or failed, as Stripe's events would report it.</summary>
    [HttpPost("test-portal/renewal")]
    public async Task<IActionResult> Renewal([FromForm] string? outcome, [FromForm] long periodEndTicks, CancellationToken ct)
    {
        var (tenantId, checkout, denied) = await AccessAsync(ct);
        if (denied is not null)
        {
            return denied;
        }
        if (outcome is not ("paid" or "failed") || periodEndTicks <= 0 || periodEndTicks > DateTime.MaxValue.Ticks)
        {
            return BadRequest();
        }
        TempData["Flash"] = await checkout!.SimulateRenewalAsync(tenantId, outcome == "paid", new DateTime(periodEndTicks, DateTimeKind.Utc), ct);
        return Redirect("/billing/test-portal");
    }

    [HttpGet("test-invoices/{invoiceId}.pdf")]
    public async Task<IActionResult> InvoicePdf(string invoiceId, [FromServices] PortalDbContext db, CancellationToken ct)
    {
        var (tenantId, _, denied) = await AccessAsync(ct);
        if (denied is not null)
        {
            return denied;
        }
        var invoice = await db.BillingInvoices.AsNoTracking().SingleOrDefaultAsync(i => i.ProviderInvoiceId == invoiceId && i.TenantId == tenantId, ct);
        if (invoice is null)
        {
            return NotFound();
        }
        var company = await db.Tenants.Where(t => t.Id == tenantId).Select(t => t.Name).SingleAsync(ct);
        return File(TestModeInvoicePdf.Render(invoice, company), "application/pdf", $"invoice-{invoice.Number}.pdf");
    }

    private async Task<(Guid TenantId, TestModeCheckout? Checkout, IActionResult? Denied)> AccessAsync(CancellationToken ct)
    {
        // Registered only when the test-mode provider is the one in use.
        var checkout = HttpContext.RequestServices.GetService<TestModeCheckout>();
        if (checkout is null)
        {
            return (default, null, NotFound());
        }
        var user = await customer.GetUserAsync(ct);
        if (user is null)
        {
            return (default, null, Challenge());
        }
        if (user.TenantId is not { } tenantId)
        {
            return (default, null, NotFound());
        }
        return await customer.CanManageTenantAsync(ct) ? (tenantId, checkout, null) : (default, null, Forbid());
    }
}
