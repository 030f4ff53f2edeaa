using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using UcPortal.Data;
using UcPortal.Data.Entities;
using UcPortal.Web.Features.Account;
using UcPortal.Web.Features.Lifecycle;

namespace UcPortal.Web.Areas.Admin.Controllers;

public sealed record TenantHistoryLine(DateTime AtUtc, string Kind, string Message, string Actor);

public sealed record TenantNumberLine(string E164, NumberStatus Status, NumberPool Pool, DateTime? QuarantinedUntilUtc);

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
    public bool CanSuspend => Tenant.Status is TenantStatus.Trial or TenantStatus.Active or TenantStatus.PastDue;
    public bool CanResume => Tenant.Status == TenantStatus.Suspended && Tenant.SuspensionReason == SuspensionReason.Staff;
    public bool CanExtendTrial => Tenant.Status == TenantStatus.Trial ||
                                  (Tenant.Status == TenantStatus.Suspended && Tenant.SuspensionReason == SuspensionReason.TrialExpired);
}

/// <summary>One customer for support staff: state, the ladder's dates, numbers, history with the
/// cause of every change, and the staff actions (suspend, resume, extend trial), which go through
/// <see cref="TenantLifecycle"/> with the staff member's email as their cause.</summary>
[Area("Admin")]
[Authorize(Policy = AuthorizationPolicies.Staff)]
[Route("admin/tenants/{id:guid}")]
public sealed class TenantDetailController(PortalDbContext db, TenantLifecycle lifecycle, PortalUnitOfWork unitOfWork, TimeProvider clock, IOptions<LifecycleOptions> options) : Controller
{
    public const int HistoryShown = 300;
    public const int MaxTrialExtensionDays = 60;

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
                .Select(n => new TenantNumberLine(n.E164, n.Status, n.Pool, n.QuarantinedUntilUtc)).ToListAsync(ct),
            HistoryTotal = await events.CountAsync(ct),
            History = await events.OrderByDescending(e => e.AtUtc).ThenByDescending(e => e.Id).Take(HistoryShown)
                .Select(e => new TenantHistoryLine(e.AtUtc, e.Kind, e.Message, e.Actor)).ToListAsync(ct),
            NowUtc = now,
            NextStep = NextStep(tenant, options.Value),
        });
    }

    [HttpPost("suspend")]
    public async Task<IActionResult> Suspend(Guid id, string? reason, CancellationToken ct)
    {
        var tenant = await db.Tenants.SingleOrDefaultAsync(t => t.Id == id, ct);
        if (tenant is null)
        {
            return NotFound();
        }
        if (tenant.Status is not (TenantStatus.Trial or TenantStatus.Active or TenantStatus.PastDue))
        {
            return Back(id, $"Nothing changed: the account is {Describe(tenant)}.");
        }
        // The history line reads "<reason>: suspended, …", its cause names the staff member.
        var why = string.IsNullOrWhiteSpace(reason) ? "Staff decision" : Trim(reason, 200);
        lifecycle.Suspend(tenant, SuspensionReason.Staff, why, StaffCause);
        await unitOfWork.CommitAsync(ct);
        return Back(id, "Suspended: calls and registrations are refused, the configuration is kept.");
    }

    [HttpPost("resume")]
    public async Task<IActionResult> Resume(Guid id, CancellationToken ct)
    {
        var tenant = await db.Tenants.SingleOrDefaultAsync(t => t.Id == id, ct);
        if (tenant is null)
        {
            return NotFound();
        }
        // Automatic suspensions end with what caused them (a payment, an upgrade, a longer trial):
        // resuming them by hand would be undone by the next run of the job that made them.
        if (tenant.Status != TenantStatus.Suspended || tenant.SuspensionReason != SuspensionReason.Staff)
        {
            return Back(id, $"Nothing changed: only a staff suspension can be resumed here, and the account is {Describe(tenant)}.");
        }
        await lifecycle.ResumeAsync(tenant, "Resumed by staff", StaffCause, ct);
        await unitOfWork.CommitAsync(ct);
        return Back(id, $"Resumed: the account is {Describe(tenant)} again.");
    }

    /// <param name="currentEndTicks">The trial end the page showed: a double submit, or a colleague's
    /// extension meanwhile, finds another end and changes nothing.</param>
    [HttpPost("extend-trial")]
    public async Task<IActionResult> ExtendTrial(Guid id, int days, long? currentEndTicks, CancellationToken ct)
    {
        var tenant = await db.Tenants.SingleOrDefaultAsync(t => t.Id == id, ct);
        if (tenant is null)
        {
            return NotFound();
        }
        if (days is < 1 or > MaxTrialExtensionDays)
        {
            return Back(id, $"Nothing changed: extend by 1 to {MaxTrialExtensionDays} days.");
        }
        if (tenant.TrialExpiresAtUtc?.Ticks != currentEndTicks)
        {
            return Back(id, $"Nothing changed: the trial end was changed meanwhile (it is now {tenant.TrialExpiresAtUtc:yyyy-MM-dd HH:mm} UTC). Check it and try again.");
        }
        if (!await lifecycle.ExtendTrialAsync(tenant, days, StaffCause, ct))
        {
            return Back(id, $"Nothing changed: the account is {Describe(tenant)}, not a trial.");
        }
        await unitOfWork.CommitAsync(ct);
        return Back(id, $"Trial extended: it now ends {tenant.TrialExpiresAtUtc:yyyy-MM-dd HH:mm} UTC.");
    }

    private string StaffCause => "staff:" + (User.FindFirstValue(ClaimTypes.Email) ?? User.Identity?.Name ?? "unknown");

    private RedirectResult Back(Guid id, string message)
    {
        TempData["Info"] = message;
        return Redirect($"/admin/tenants/{id}");
    }

    private static string Describe(Tenant t) => t.Status == TenantStatus.Suspended
        ? $"suspended ({t.SuspensionReason})"
        : t.Status.ToString().ToLowerInvariant();

    private static string Trim(string s, int max)
    {
        s = s.Trim();
        return s.Length <= max ? s : s[..max];
    }

    private static string? NextStep(Tenant t, LifecycleOptions o) => t.Status switch
    {
        TenantStatus.Trial when t.TrialExpiresAtUtc is { } end => $"Suspended when the trial ends, {end:yyyy-MM-dd HH:mm} UTC",
        TenantStatus.PastDue when t.PastDueSinceUtc is { } since =>
            $"Suspended {since.AddDays(o.SuspendAfterFailedPaymentDays):yyyy-MM-dd} and cancelled {since.AddDays(o.CancelAfterFailedPaymentDays):yyyy-MM-dd} unless paid",
        TenantStatus.Active when t.CancelAtPeriodEnd && t.PaidThroughUtc is { } end => $"Subscription ends {end:yyyy-MM-dd}; then suspended, released {o.GraceDays} days later",
        TenantStatus.Suspended when t.SuspensionReason == SuspensionReason.PaymentFailed && t.PastDueSinceUtc is { } since =>
            $"Cancelled {since.AddDays(o.CancelAfterFailedPaymentDays):yyyy-MM-dd} unless paid",
        TenantStatus.Suspended when t.SuspensionReason is SuspensionReason.TrialExpired or SuspensionReason.Cancelled && t.SuspendedAtUtc is { } at =>
            $"Released {at.AddDays(o.GraceDays):yyyy-MM-dd} unless upgraded (numbers to quarantine)",
        TenantStatus.Released when t.ReleasedAtUtc is { } at => $"Configuration purged {at.AddDays(o.RetentionDays):yyyy-MM-dd}",
        _ => null,
    };
}
