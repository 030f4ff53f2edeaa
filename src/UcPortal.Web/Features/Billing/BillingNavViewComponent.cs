using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using UcPortal.Data;
using UcPortal.Data.Entities;
using UcPortal.Web.Features.Account;

namespace UcPortal.Web.Features.Billing;

/// <summary>The navbar's billing entries for owners and admins: a "Billing" link, and for a trial
/// an "Upgrade" button. Members, who manage no money, see neither.</summary>
public sealed class BillingNavViewComponent(CurrentCustomer customer, PortalDbContext db) : ViewComponent
{
    /// <param name="place">"menu" (the Billing link) or "actions" (the Upgrade button).</param>
    public async Task<IViewComponentResult> InvokeAsync(string place)
    {
        var ct = HttpContext.RequestAborted;
        var tenantId = await customer.GetTenantIdAsync(ct);
        if (tenantId is null || !await customer.CanManageTenantAsync(ct))
        {
            return Content("");
        }
        var status = await db.Tenants.Where(t => t.Id == tenantId).Select(t => new { t.Status, t.SuspensionReason }).SingleOrDefaultAsync(ct);
        var trial = status is not null && (status.Status == TenantStatus.Trial ||
                                           (status.Status == TenantStatus.Suspended && status.SuspensionReason == SuspensionReason.TrialExpired));
        return View("/Features/Billing/Views/_BillingNav.cshtml", (place, trial));
    }
}
