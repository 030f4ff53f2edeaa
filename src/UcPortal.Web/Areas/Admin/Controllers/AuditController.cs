using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace UcPortal.Web.Areas.Admin.Controllers;

public sealed class AuditFilter
{
    /// <summary>Part of the actor's email (or the address typed at a failed sign-in).</summary>
    public string? Person { get; set; }
    public Guid? Tenant { get; set; }
    /// <summary>An action name or its start ("tenant." finds every tenant action).</summary>
    public string? Action { get; set; }
    /// <summary>First and last day, inclusive, UTC.</summary>
    public DateOnly? From { get; set; }
    public DateOnly? To { get; set; }
    public int Page { get; set; } = 1;
}

public sealed class AuditPage
{
    public required AuditFilter Filter { get; init; }
    public List<AuditEntry> Entries { get; init; } = [];
    public Dictionary<Guid, string> TenantNames { get; init; } = [];
    public int Total { get; init; }
    public int PageCount => Math.Max(1, (Total + AuditController.PageSize - 1) / AuditController.PageSize);
}

/// <summary>The audit log of staff actions and security events, newest first, filterable by
/// person, tenant, action and date range, 50 lines a page.</summary>
[Area("Admin")]
[Authorize(Policy = AuthorizationPolicies.Staff)]
[Route("admin/audit")]
public sealed class AuditController(PortalDbContext db) : Controller
{
    public const int PageSize = 50;

    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] AuditFilter filter, CancellationToken ct)
    {
        var entries = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Person))
        {
            var person = filter.Person.Trim().ToLowerInvariant();
            entries = entries.Where(e => e.Actor.ToLower().Contains(person));
        }
        if (filter.Tenant is { } tenantId)
        {
            entries = entries.Where(e => e.TenantId == tenantId);
        }
        if (!string.IsNullOrWhiteSpace(filter.Action))
        {
            var action = filter.Action.Trim().ToLowerInvariant();
            entries = entries.Where(e => e.Action.StartsWith(action));
        }
        if (filter.From is { } from)
        {
            var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            entries = entries.Where(e => e.AtUtc >= start);
        }
        if (filter.To is { } to)
        {
            var end = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            entries = entries.Where(e => e.AtUtc < end);
        }
        filter.Page = Math.Max(1, filter.Page);
        var total = await entries.CountAsync(ct);
        var page = await entries.OrderByDescending(e => e.AtUtc).ThenByDescending(e => e.Id).Skip((filter.Page - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        var tenantIds = page.Where(e => e.TenantId is not null).Select(e => e.TenantId!.Value).Distinct().ToList();
        var names = await db.Tenants.AsNoTracking().Where(t => tenantIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Name, ct);
        return View(new AuditPage { Filter = filter, Entries = page, TenantNames = names, Total = total });
    }
}
