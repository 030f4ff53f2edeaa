using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using UcPortal.Web.Features.CustomerSearch;

namespace UcPortal.Web.Areas.Admin.Controllers;

public sealed record SignupRow(Guid Id, string Company, string Email, string MobileE164, string Area, TrialSignupStatus Status, string? StatusDetail, DateTime CreatedAtUtc);

public sealed class TenantsPage
{
    public required TenantSearchResult Search { get; init; }
    public List<SignupRow> OpenSignups { get; init; } = [];
    public Dictionary<TenantStatus, int> Counts { get; init; } = [];
}

[Area("Admin")]
[Authorize(Policy = AuthorizationPolicies.Staff)]
[Route("admin")]
public sealed class TenantsController(PortalDbContext db, TenantSearch tenantSearch) : Controller
{
    [HttpGet(""), HttpGet("tenants")]
    public async Task<IActionResult> Index(string? q, TenantStatus? status, int page, CancellationToken ct)
    {
        var search = await tenantSearch.RunAsync(q, status, page, ct);
        // Signups not provisioned yet are few: a plain scan of them is fine.
        var query = search.Error is null && search.Kind != SearchKind.Phone ? search.Query.ToLowerInvariant() : "";
        var mobile = search.Error is null && search.Kind == SearchKind.Phone ? search.Phone : null;
        var open = await db.TrialSignups.AsNoTracking()
            .Where(s => s.Status != TrialSignupStatus.Provisioned)
            .Where(s => mobile != null ? s.MobileE164.StartsWith(mobile) : query.Length == 0 || s.Company.ToLower().Contains(query) || s.Email.ToLower().Contains(query))
            .OrderByDescending(s => s.CreatedAtUtc)
            .Take(50)
            .Select(s => new SignupRow(s.Id, s.Company, s.Email, s.MobileE164, s.RequestedCity + ", " + s.RequestedCountry, s.Status, s.StatusDetail, s.CreatedAtUtc))
            .ToListAsync(ct);
        var counts = await db.Tenants.GroupBy(t => t.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        return View(new TenantsPage { Search = search, OpenSignups = open, Counts = counts });
    }
}
