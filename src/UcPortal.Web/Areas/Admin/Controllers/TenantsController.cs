using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace UcPortal.Web.Areas.Admin.Controllers;

public sealed record TenantRow(Guid Id, string Name, string SipDomain, TenantStatus Status, string Plan, string? OwnerEmail,
    string? Numbers, DateTime CreatedAtUtc, DateTime? TrialExpiresAtUtc, int CreditLeftMinutes);

public sealed record SignupRow(Guid Id, string Company, string Email, string MobileE164, string Area, TrialSignupStatus Status, string? StatusDetail, DateTime CreatedAtUtc);

public sealed class TenantsPage
{
    public string Query { get; init; } = "";
    public TenantStatus? Status { get; init; }
    public List<TenantRow> Tenants { get; init; } = [];
    public List<SignupRow> OpenSignups { get; init; } = [];
    public Dictionary<TenantStatus, int> Counts { get; init; } = [];
    public int Total { get; init; }
}

[Area("Admin")]
[Authorize(Policy = AuthorizationPolicies.Staff)]
[Route("admin")]
public sealed class TenantsController(PortalDbContext db) : Controller
{
    [HttpGet(""), HttpGet("tenants")]
    public async Task<IActionResult> Index(string? q, TenantStatus? status, CancellationToken ct)
    {
        var query = (q ?? "").Trim();
        var tenants = db.Tenants.AsNoTracking();
        if (status is not null)
        {
            tenants = tenants.Where(t => t.Status == status);
        }
        if (query.Length > 0)
        {
            var like = query.ToLower();
            var digits = new string(query.Where(char.IsDigit).ToArray());
            tenants = tenants.Where(t =>
                t.Name.ToLower().Contains(like) ||
                t.SipDomain.Contains(like) ||
                t.Users.Any(u => u.Email!.ToLower().Contains(like)) ||
                (digits.Length >= 3 && t.Numbers.Any(n => n.E164.Contains(digits))));
        }
        var total = await tenants.CountAsync(ct);
        var rows = await tenants
            .OrderByDescending(t => t.CreatedAtUtc)
            .Take(200)
            .Select(t => new TenantRow(
                t.Id, t.Name, t.SipDomain, t.Status, t.Plan!.Name,
                t.Users.Where(u => u.TenantRole == TenantRole.Owner).Select(u => u.Email).FirstOrDefault(),
                t.Numbers.OrderBy(n => n.E164).Select(n => n.E164).FirstOrDefault(),
                t.CreatedAtUtc, t.TrialExpiresAtUtc, t.CreditMinutesLeft))
            .ToListAsync(ct);
        var open = await db.TrialSignups.AsNoTracking()
            .Where(s => s.Status != TrialSignupStatus.Provisioned)
            .Where(s => query.Length == 0 || s.Company.ToLower().Contains(query.ToLower()) || s.Email.ToLower().Contains(query.ToLower()))
            .OrderByDescending(s => s.CreatedAtUtc)
            .Take(50)
            .Select(s => new SignupRow(s.Id, s.Company, s.Email, s.MobileE164, s.RequestedCity + ", " + s.RequestedCountry, s.Status, s.StatusDetail, s.CreatedAtUtc))
            .ToListAsync(ct);
        var counts = await db.Tenants.GroupBy(t => t.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        return View(new TenantsPage { Query = query, Status = status, Tenants = rows, OpenSignups = open, Counts = counts, Total = total });
    }
}
