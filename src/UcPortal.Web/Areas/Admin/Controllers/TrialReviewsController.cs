using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using UcPortal.Web.Features.Trials;

namespace UcPortal.Web.Areas.Admin.Controllers;

public sealed class TrialReviewsPage
{
    public List<TrialSignup> Waiting { get; init; } = [];
    public List<TrialSignup> RecentlyDecided { get; init; } = [];

    /// <summary>The signup whose decision was refused, with its message, shown next to its form.</summary>
    public Guid? FailedId { get; init; }
    public string? FailedNote { get; init; }
}

/// <summary>Signups that matched a risk rule (SignupRiskRules) and wait for a person: staff see the
/// reasons and approve (provisioned at once) or refuse (the prospect is emailed why), both with a reason.</summary>
[Area("Admin")]
[Authorize(Policy = AuthorizationPolicies.Staff)]
[Route("admin/trial-reviews")]
public sealed class TrialReviewsController(PortalDbContext db, ReviewTrialSignup review) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) => View(await PageAsync(null, null, ct));

    [HttpPost("{id:guid}/approve")]
    public Task<IActionResult> Approve(Guid id, [FromForm] string? note, CancellationToken ct) =>
        DecideAsync(id, note, review.ApproveAsync, ct);

    [HttpPost("{id:guid}/refuse")]
    public Task<IActionResult> Refuse(Guid id, [FromForm] string? note, CancellationToken ct) =>
        DecideAsync(id, note, review.RefuseAsync, ct);

    private async Task<IActionResult> DecideAsync(Guid id, string? note, Func<Guid, string?, string, CancellationToken, Task<FormResult>> decide, CancellationToken ct)
    {
        var result = await decide(id, note, StaffCause, ct);
        if (result.NotFound)
        {
            return NotFound();
        }
        if (result.Succeeded)
        {
            TempData["Flash"] = result.Message;
            return RedirectToAction(nameof(Index));
        }
        ModelState.AddModelError($"Note-{id}", result.Error!);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View(nameof(Index), await PageAsync(id, note, ct));
    }

    private async Task<TrialReviewsPage> PageAsync(Guid? failedId, string? failedNote, CancellationToken ct) => new()
    {
        Waiting = await db.TrialSignups.AsNoTracking().Where(s => s.Status == TrialSignupStatus.InReview).OrderBy(s => s.MobileVerifiedAtUtc).Take(200).ToListAsync(ct),
        RecentlyDecided = await db.TrialSignups.AsNoTracking().Where(s => s.ReviewedAtUtc != null).OrderByDescending(s => s.ReviewedAtUtc).Take(20).ToListAsync(ct),
        FailedId = failedId,
        FailedNote = failedNote,
    };

    private string StaffCause => "staff:" + (User.FindFirstValue(ClaimTypes.Email) ?? User.Identity?.Name ?? "unknown");
}
