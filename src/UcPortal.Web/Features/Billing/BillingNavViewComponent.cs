using Microsoft.AspNetCore.Mvc;

namespace UcPortal.Web.Features.Billing;

/// <summary>The navbar's billing entries for owners and admins: a "Billing" link, and for a trial
/// an "Upgrade" button. Members, who manage no money, see neither.</summary>
public sealed class BillingNavViewComponent(CurrentTenant current) : ViewComponent
{
    /// <param name="place">"menu" (the Billing link) or "actions" (the Upgrade button).</param>
    public async Task<IViewComponentResult> InvokeAsync(string place) =>
        await current.GetAsync(HttpContext.RequestAborted) is { CanManage: true } caller
            ? View("/Features/Billing/Views/_BillingNav.cshtml", (place, caller.Tenant.IsTrialOrExpiredTrial))
            : Content("");
}
