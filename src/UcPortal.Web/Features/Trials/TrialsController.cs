using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using UcPortal.Web.Features.Email;
using UcPortal.Web.Features.Numbers;
using UcPortal.Web.Hosting;

namespace UcPortal.Web.Features.Trials;

public sealed class StartTrialPage
{
    public StartTrialForm Form { get; init; } = new();
    public List<TrialArea> Areas { get; init; } = [];
    public string? Plan { get; init; }
    public string? PlanName { get; init; }
}

[AllowAnonymous]
[Route("trial")]
public sealed class TrialsController(NumberInventory inventory, PortalDbContext db) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Start(string? plan, CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated == true)
        {
            return Redirect("/dashboard");
        }
        return View(new StartTrialPage { Areas = await inventory.GetTrialAreasAsync(ct: ct), Plan = plan, PlanName = await PaidPlanNameAsync(plan, ct) });
    }

    [HttpPost("")]
    [EnableRateLimiting(RateLimitPolicies.Signup)]
    public async Task<IActionResult> Start([FromForm(Name = "Form")] StartTrialForm form, [FromForm] string? plan, [FromServices] StartTrial startTrial, CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            var result = await startTrial.RunAsync(form, HttpContext.Connection.RemoteIpAddress?.ToString() ?? "", ct);
            if (result.Succeeded)
            {
                TempData["TrialEmail"] = form.Email.Trim();
                return RedirectToAction(nameof(CheckEmail));
            }
            result.AddTo(ModelState, "Form.");
        }
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        form.Password = "";
        return View(new StartTrialPage { Form = form, Areas = await inventory.GetTrialAreasAsync(ct: ct), Plan = plan, PlanName = await PaidPlanNameAsync(plan, ct) });
    }

    /// <summary>The name of the paid plan a visitor clicked on the pricing page, if it is one.</summary>
    private async Task<string?> PaidPlanNameAsync(string? code, CancellationToken ct) =>
        string.IsNullOrEmpty(code) ? null
        : await db.Plans.AsNoTracking().Where(p => p.Code == code && !p.IsTrial && p.IsPublic).Select(p => p.Name).FirstOrDefaultAsync(ct);

    /// <summary>The link in the confirmation email (an account address: it confirms the account).</summary>
    [HttpGet("~/account/confirm-email")]
    public async Task<IActionResult> ConfirmEmail(string? userId, string? code, [FromServices] ConfirmTrialEmail confirm,
        [FromServices] SignInManager<PortalUser> signIn, CancellationToken ct)
    {
        var (outcome, user) = await confirm.RunAsync(userId, code, ct);
        switch (outcome)
        {
            case ConfirmOutcome.Confirmed:
                // The link proved the address is theirs: go straight to the dashboard, where provisioning shows.
                await signIn.SignInAsync(user!, isPersistent: false);
                return Redirect("/dashboard");
            case ConfirmOutcome.AlreadyConfirmed:
                TempData["Info"] = "Your email address is already confirmed. Log in to continue.";
                return RedirectToAction("Login", "Account", new { returnUrl = "/dashboard" });
            default:
                return View("ConfirmEmailFailed");
        }
    }

    [HttpGet("check-email")]
    public IActionResult CheckEmail() => View(model: TempData["TrialEmail"] as string);

    /// <summary>Sends the confirmation email again; says the same whether or not the address is known.</summary>
    [HttpPost("resend")]
    [EnableRateLimiting(RateLimitPolicies.Signup)]
    public async Task<IActionResult> Resend([FromForm] string email, [FromServices] UserManager<PortalUser> userManager,
        [FromServices] StartTrial startTrial, [FromServices] PortalUnitOfWork unitOfWork, CancellationToken ct)
    {
        var user = string.IsNullOrWhiteSpace(email) ? null : await userManager.FindByEmailAsync(email.Trim());
        if (user is { EmailConfirmed: false } && await db.TrialSignups.AnyAsync(s => s.UserId == user.Id, ct))
        {
            await startTrial.AddConfirmationEmailAsync(user, ct);
            await unitOfWork.CommitAsync(ct);
        }
        TempData["TrialEmail"] = email?.Trim();
        TempData["Resent"] = true;
        return RedirectToAction(nameof(CheckEmail));
    }
}
