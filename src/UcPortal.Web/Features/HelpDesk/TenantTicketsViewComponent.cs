using Microsoft.AspNetCore.Mvc;

namespace UcPortal.Web.Features.HelpDesk;

/// <summary>A tenant's latest tickets on its staff page, with a link to all of them in the queue.</summary>
public sealed class TenantTicketsViewComponent(StaffTickets tickets) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(Guid tenantId) =>
        View("/Features/HelpDesk/Views/_TenantTickets.cshtml", (tenantId, await tickets.OfTenantAsync(tenantId, 5, HttpContext.RequestAborted)));
}
