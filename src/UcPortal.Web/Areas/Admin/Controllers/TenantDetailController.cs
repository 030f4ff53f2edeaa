using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using UcPortal.Web.Features.Lifecycle;

namespace UcPortal.Web.Areas.Admin.Controllers;

public sealed record TenantHistoryLine(DateTime AtUtc, string Kind, string Message, string Actor);

public sealed record TenantNumberLine(string E164, NumberStatus Status, NumberPool Pool, DateTime? QuarantinedUntilUtc, string? EmergencyAddress = null);

public sealed class TenantDetailPage
{
    public required Tenant Tenant { get; init; }
    public required string PlanName { get; init; }
    public string? OwnerEmail { get; init; }
    public string? OwnerName { get; init; }
    public int Extensions { get; init; }
    public List<TenantNumberLine> Numbers { get; init; } = [];
    public List<TenantHistoryLine> History { get; init; } = [];
    public int HistoryTotal { get; init; }
    public DateTime NowUtc { get; init; }
    /// <summary>When the next automatic step of the ladder is due, in words, or null.</summary>
    public string? NextStep { get; init; }
    public bool CanSuspend => StaffActions.CanSuspend(Tenant);
    public bool CanResume => StaffActions.CanResume(Tenant);
    public bool CanExtendTrial => StaffActions.CanExtendTrial(Tenant);
}

/// <summary>One customer for support staff: state, the ladder's dates, numbers, history with the
/// cause of every change, and the staff actions (suspend, resume, extend trial: <see cref="StaffActions"/>).</summary>
[Area("Admin")]
[Authorize(Policy = AuthorizationPolicies.Staff)]
[Route("admin/tenants/{id:guid}")]
public sealed class TenantDetailController(PortalDbContext db, StaffActions actions, SuspensionLadder ladder, TimeProvider clock) : Controller
{
    public const int HistoryShown = 300;

    [HttpGet("")]
    public async Task<IActionResult> Index(Guid id, CancellationToken ct)
    {
        var tenant = await db.Tenants.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, ct);
        if (tenant is null)
        {
            return NotFound();
        }
        var owner = await db.Users.AsNoTracking().Where(u => u.TenantId == id && u.TenantRole == TenantRole.Owner)
            .Select(u => new { u.Email, u.FullName }).FirstOrDefaultAsync(ct);
        var events = db.TenantEvents.AsNoTracking().Where(e => e.TenantId == id);
        var now = clock.GetUtcNow().UtcDateTime;
        return View(new TenantDetailPage
        {
            Tenant = tenant,
            PlanName = await db.Plans.Where(p => p.Id == tenant.PlanId).Select(p => p.Name).SingleAsync(ct),
            OwnerEmail = owner?.Email,
            OwnerName = owner?.FullName,
            Extensions = await db.Extensions.CountAsync(e => e.TenantId == id, ct),
            Numbers = await db.PhoneNumbers.AsNoTracking().Where(n => n.TenantId == id).OrderBy(n => n.E164)
                .Select(n => new TenantNumberLine(n.E164, n.Status, n.Pool, n.QuarantinedUntilUtc, n.EmergencyAddress)).ToListAsync(ct),
            HistoryTotal = await events.CountAsync(ct),
            History = await events.OrderByDescending(e => e.AtUtc).ThenByDescending(e => e.Id).Take(HistoryShown)
                .Select(e => new TenantHistoryLine(e.AtUtc, e.Kind, e.Message, e.Actor)).ToListAsync(ct),
            NowUtc = now,
            NextStep = ladder.NextStep(tenant),
        });
    }

    [HttpPost("suspend")]
    public async Task<IActionResult> Suspend(Guid id, string? reason, CancellationToken ct) => Back(id, await actions.SuspendAsync(id, reason, StaffCause, ct));

    [HttpPost("resume")]
    public async Task<IActionResult> Resume(Guid id, CancellationToken ct) => Back(id, await actions.ResumeAsync(id, StaffCause, ct));

    [HttpPost("extend-trial")]
    public async Task<IActionResult> ExtendTrial(Guid id, int days, long? currentEndTicks, CancellationToken ct) =>
        Back(id, await actions.ExtendTrialAsync(id, days, currentEndTicks, StaffCause, ct));

    [HttpPost("premium-destinations")]
    public async Task<IActionResult> PremiumDestinations(Guid id, bool allow, string? reason, [FromServices] Features.Pbx.Routing.PremiumDestinationPermission permission, CancellationToken ct) =>
        Back(id, await permission.SetAsync(id, allow, reason, StaffCause, ct));

    private string StaffCause => "staff:" + (User.FindFirstValue(ClaimTypes.Email) ?? User.Identity?.Name ?? "unknown");

    private IActionResult Back(Guid id, FormResult result) => this.RedirectWith(result, $"/admin/tenants/{id}", "Info", "Info");
}
