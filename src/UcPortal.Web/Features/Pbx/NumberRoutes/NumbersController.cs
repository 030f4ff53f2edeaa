using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace UcPortal.Web.Features.Pbx.NumberRoutes;

/// <summary>The tenant's phone numbers and where each one rings (owners and admins).</summary>
[Authorize(Policy = AuthorizationPolicies.TenantManager)]
[Route("pbx/numbers")]
public sealed class NumbersController(CurrentTenant current, NumberRoutePages pages, NumberRouteChanges changes)
    : PbxController(current, "/pbx/numbers", "/Features/Pbx/NumberRoutes/Views/")
{
    [HttpGet("")]
    public Task<IActionResult> Index(CancellationToken ct) => ListAsync((caller, _, t) => pages.ListAsync(caller, t), ct);

    [HttpGet("{id:int}")]
    public Task<IActionResult> Edit(int id, CancellationToken ct) => EditAsync((caller, t) => pages.EditAsync(caller, id, null, t), ct);

    [HttpPost("{id:int}")]
    public Task<IActionResult> Update(int id, NumberRouteForm form, CancellationToken ct) => SaveAsync(
        (caller, t) => changes.SaveAsync(caller, id, form, t), (caller, t) => pages.EditAsync(caller, id, form, t), () => Text["Saved."], ct);
}
