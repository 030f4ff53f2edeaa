using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using UcPortal.Web.Features.Account;

namespace UcPortal.Web.Features.TrialFeedback;

public sealed class TrialFeedbackPage
{
    public required string Token { get; init; }
    public string Company { get; init; } = "";
    public TrialExitReason? Reason { get; init; }
    public string? Text { get; init; }
    public bool Recorded { get; init; }
    public bool TextRecorded { get; init; }
}

/// <summary>"Why didn't you buy?": the signed links of the expiry email and the billing page of an
/// expired trial land here. No sign-in: the token names the tenant (see <see cref="TrialExitLinks"/>).
/// A click on a reason records it at once (one click); the page then offers a box for a few words.</summary>
[AllowAnonymous]
[Route("trial-feedback")]
public sealed class TrialFeedbackController(TrialExitLinks links, TrialExitFeedback feedback, PortalDbContext db) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(string? t, string? reason, CancellationToken ct)
    {
        if (links.TenantOf(t) is not { } tenantId || await FollowUpAsync(tenantId, ct) is not { } followUp)
        {
            return LinkNotValid();
        }
        var picked = Enum.TryParse<TrialExitReason>(reason, ignoreCase: false, out var r) && Enum.IsDefined(r) ? r : (TrialExitReason?)null;
        if (picked is not null)
        {
            var result = await feedback.AnswerAsync(tenantId, picked, null, ct);
            if (!result.Succeeded)
            {
                return LinkNotValid();
            }
        }
        return View(new TrialFeedbackPage
        {
            Token = t!, Company = followUp.Company, Reason = picked ?? followUp.Reason, Text = followUp.ReasonText, Recorded = picked is not null,
        });
    }

    [HttpPost("")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Answer(string? t, TrialExitReason? reason, string? text, CancellationToken ct)
    {
        if (links.TenantOf(t) is not { } tenantId || await FollowUpAsync(tenantId, ct) is not { } followUp)
        {
            return LinkNotValid();
        }
        var result = await feedback.AnswerAsync(tenantId, reason, text, ct);
        if (result.NotFound)
        {
            return LinkNotValid();
        }
        if (!result.Succeeded)
        {
            result.AddTo(ModelState);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View("Index", new TrialFeedbackPage { Token = t!, Company = followUp.Company, Reason = reason, Text = text });
        }
        return View("Index", new TrialFeedbackPage { Token = t!, Company = followUp.Company, Reason = reason, Text = text?.Trim(), Recorded = true, TextRecorded = !string.IsNullOrWhiteSpace(text) });
    }

    private async Task<(string Company, TrialExitReason? Reason, string? ReasonText)?> FollowUpAsync(Guid tenantId, CancellationToken ct)
    {
        var row = await db.TrialFollowUps.AsNoTracking().Where(f => f.TenantId == tenantId)
            .Select(f => new { f.Tenant!.Name, f.Reason, f.ReasonText }).SingleOrDefaultAsync(ct);
        return row is null ? null : (row.Name, row.Reason, row.ReasonText);
    }

    private ViewResult LinkNotValid()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View("LinkNotValid");
    }
}

/// <summary>The same question on the billing page while the tenant's trial has ended.</summary>
public sealed class TrialExitQuestionViewComponent(CurrentTenant current, TrialExitLinks links, PortalDbContext db) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        if (await current.GetAsync(HttpContext.RequestAborted) is not { } caller || !caller.Tenant.IsExpiredTrial ||
            !await db.TrialFollowUps.AnyAsync(f => f.TenantId == caller.TenantId, HttpContext.RequestAborted))
        {
            return Content("");
        }
        var token = links.Token(caller.TenantId);
        return View("~/Features/TrialFeedback/Views/_TrialExitQuestion.cshtml",
            TrialExitReasons.All.Select(r => (r.Label, links.Path(token, r.Reason))).ToList());
    }
}
