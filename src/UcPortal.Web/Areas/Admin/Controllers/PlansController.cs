using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using UcPortal.Web.Features.Billing;

namespace UcPortal.Web.Areas.Admin.Controllers;

public sealed class PlansPage
{
    public List<Plan> Plans { get; init; } = [];
    public string ProviderName { get; init; } = "";
    public bool IsTestMode { get; init; }
    public SyncPlansResult? Result { get; init; }
}

[Area("Admin")]
[Authorize(Policy = AuthorizationPolicies.Admin)]
[Route("admin/plans")]
public sealed class PlansController(PortalDbContext db, IPaymentProvider provider) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) => View(await PageAsync(null, ct));

    [HttpPost("sync")]
    public async Task<IActionResult> Sync([FromServices] SyncPlans sync, CancellationToken ct)
    {
        var result = await sync.RunAsync(ct);
        db.ChangeTracker.Clear();
        return View(nameof(Index), await PageAsync(result, ct));
    }

    private async Task<PlansPage> PageAsync(SyncPlansResult? result, CancellationToken ct) => new()
    {
        Plans = await db.Plans.AsNoTracking().OrderBy(p => p.SortOrder).ThenBy(p => p.Code).ToListAsync(ct),
        ProviderName = provider.Name,
        IsTestMode = provider.IsTestMode,
        Result = result,
    };
}
