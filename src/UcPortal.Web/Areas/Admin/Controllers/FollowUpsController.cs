using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using UcPortal.Web.Features.TrialFeedback;

namespace UcPortal.Web.Areas.Admin.Controllers;

public sealed class FollowUpsPage
{
    public List<FollowUpRow> Rows { get; init; } = [];
    public List<StaffChoice> Staff { get; init; } = [];
    public DateOnly Today { get; init; }
    public bool Mine { get; init; }
    public bool Closed { get; init; }
    /// <summary>The follow-up being edited, with its form (shown again with its errors).</summary>
    public int? EditingId { get; init; }
    public FollowUpForm? Form { get; init; }
}

/// <summary>Trials that ended without converting and their follow-up by staff (any staff member).</summary>
[Area("Admin")]
[Authorize(Policy = AuthorizationPolicies.Staff)]
[Route("admin/follow-ups")]
public sealed class FollowUpsController(TrialFollowUpList list, TrialFollowUpChanges changes, TimeProvider clock, PortalDbContext db) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(bool mine, bool closed, int? edit, CancellationToken ct)
    {
        var page = await PageAsync(mine, closed, ct);
        var editing = edit is null ? null : page.Rows.FirstOrDefault(r => r.Id == edit);
        return View(new FollowUpsPage
        {
            Rows = page.Rows, Staff = page.Staff, Today = page.Today, Mine = mine, Closed = closed,
            EditingId = editing?.Id,
            Form = editing is null ? null : new FollowUpForm
            {
                AssignedToUserId = editing.AssignedToUserId, FollowUpOn = editing.FollowUpOn?.ToString("yyyy-MM-dd"), Notes = editing.Notes, Closed = editing.ClosedAtUtc is not null,
            },
        });
    }

    [HttpPost("{id:int}")]
    public async Task<IActionResult> Save(int id, [Bind(Prefix = "Form")] FollowUpForm form, CancellationToken ct)
    {
        var result = await changes.SaveAsync(id, form, ct);
        if (result.NotFound)
        {
            return NotFound();
        }
        if (!result.Succeeded)
        {
            result.AddTo(ModelState, "Form.", replaceBinderMessages: true);
            db.ChangeTracker.Clear();
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            var page = await PageAsync(false, form.Closed, ct);
            return View(nameof(Index), new FollowUpsPage { Rows = page.Rows, Staff = page.Staff, Today = page.Today, Closed = form.Closed, EditingId = id, Form = form });
        }
        TempData["Info"] = result.Message;
        return Redirect("/admin/follow-ups");
    }

    private async Task<FollowUpsPage> PageAsync(bool mine, bool closed, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return new FollowUpsPage
        {
            Rows = await list.ListAsync(today, mine ? User.FindFirstValue(ClaimTypes.NameIdentifier) : null, closed, ct),
            Staff = await list.StaffAsync(ct),
            Today = today,
        };
    }
}
