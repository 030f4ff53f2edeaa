using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using UcPortal.Web.Features.Compare;

namespace UcPortal.Web.Areas.Admin.Controllers;

public sealed record LeadRow(ComparisonLead Lead, bool HasAccount);

public sealed class ComparisonRatesPage
{
    public required Dictionary<string, decimal> Values { get; init; }
    public Dictionary<string, ComparisonRate> Rows { get; init; } = [];

    /// <summary>The value typed into a refused row, shown again with its message.</summary>
    public (string Code, string? Text)? Refused { get; init; }
}

/// <summary>Prospects who asked for the cost comparison report (Support and Admin read them).</summary>
[Area("Admin")]
[Authorize(Policy = AuthorizationPolicies.Staff)]
[Route("admin/leads")]
public sealed class LeadsController(PortalDbContext db) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var leads = await db.ComparisonLeads.AsNoTracking().OrderByDescending(l => l.CreatedAtUtc).Take(200).ToListAsync(ct);
        var emails = leads.Select(l => l.NormalizedEmail).Distinct().ToList();
        var accounts = await db.Users.AsNoTracking().Where(u => u.NormalizedEmail != null && emails.Contains(u.NormalizedEmail)).Select(u => u.NormalizedEmail!).ToListAsync(ct);
        return View(leads.Select(l => new LeadRow(l, accounts.Contains(l.NormalizedEmail))).ToList());
    }
}

/// <summary>The cost comparison's assumptions (role Admin): the defaults every prospect starts from.</summary>
[Area("Admin")]
[Authorize(Policy = AuthorizationPolicies.Admin)]
[Route("admin/comparison-rates")]
public sealed class ComparisonRatesController(PortalDbContext db, ComparisonRates rates) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) => View(await PageAsync(null, ct));

    [HttpPost("{code}")]
    public async Task<IActionResult> Update(string code, [FromForm] string? value, CancellationToken ct)
    {
        var result = await rates.SetAsync(code, value, User.Identity?.Name ?? "staff", ct);
        if (result.NotFound)
        {
            return NotFound();
        }
        if (!result.Succeeded)
        {
            db.ChangeTracker.Clear();
            ModelState.AddModelError(code, result.Error!);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View(nameof(Index), await PageAsync((code, value), ct));
        }
        return this.RedirectWith(result, "/admin/comparison-rates", "Info", "Info");
    }

    private async Task<ComparisonRatesPage> PageAsync((string, string?)? refused, CancellationToken ct) => new()
    {
        Values = await rates.CurrentAsync(ct),
        Rows = await db.ComparisonRates.AsNoTracking().ToDictionaryAsync(r => r.Code, ct),
        Refused = refused,
    };
}
