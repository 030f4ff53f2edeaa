using System.Security.Claims;
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
    public NumberSearchPanel? NumberSearch { get; init; }
}

public sealed class VerifyMobilePage
{
    public required TrialSignup Signup { get; init; }
    public string Code { get; init; } = "";
}

/// <summary>The signup flow: the form, the confirmation link, the code texted to the mobile.
/// Every step before the confirmation link is anonymous; the code page needs the session the link opened.</summary>
[Route("trial")]
public sealed class TrialsController(NumberInventory inventory, PortalDbContext db, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> t) : Controller
{
    [AllowAnonymous]
    [HttpGet("")]
    public async Task<IActionResult> Start(string? plan, string? report, [FromServices] Compare.ComparisonReports reports, CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated == true)
        {
            return Redirect("/dashboard");
        }
        // The link of a cost comparison report fills in what its owner confirmed: name, company, email.
        var form = new StartTrialForm();
        if (await reports.FindForTrialAsync(report, ct) is { } lead)
        {
            form.FullName = lead.FullName;
            form.Company = lead.Company;
            form.Email = lead.Email;
        }
        return View(new StartTrialPage { Form = form, Areas = await inventory.GetTrialAreasAsync(ct: ct), Plan = plan, PlanName = await PaidPlanNameAsync(plan, ct),
            NumberSearch = await NumberPanelAsync(null, null, null, ct) });
    }

    /// <summary>The signup's number search within the chosen area (htmx swaps the panel).</summary>
    [AllowAnonymous]
    [HttpGet("numbers")]
    public async Task<IActionResult> SearchNumbers([FromQuery(Name = "Form.Area")] string? area, [FromQuery] NumberQuery query, CancellationToken ct)
    {
        ModelState.Clear();
        var panel = await NumberPanelAsync(area, query, null, ct);
        if (panel.Result.Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
        return PartialView("_NumberSearch", panel);
    }

    /// <summary>Holds a trial number for this visitor (a random token in an HttpOnly cookie) for a few minutes.</summary>
    [AllowAnonymous]
    [HttpPost("numbers/hold")]
    [EnableRateLimiting(RateLimitPolicies.NumberHold)]
    public async Task<IActionResult> HoldNumber([FromForm(Name = "Form.Area")] string? area, [FromForm] int id, [FromForm] NumberQuery query,
        [FromServices] NumberHolds holds, CancellationToken ct)
    {
        ModelState.Clear();
        var holder = NumberHolders.Visitor(HttpContext, create: true)!;
        var place = TrialArea.Parse(area);
        var result = await holds.HoldAsync(holder, id, NumberPool.Trial, _ => place is not null, ct);
        if (result.NotFound)
        {
            return NotFound();
        }
        if (!result.Succeeded)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
        return PartialView("_NumberSearch", await NumberPanelAsync(area, query, result.Error, ct, holder));
    }

    private async Task<NumberSearchPanel> NumberPanelAsync(string? area, NumberQuery? query, string? error, CancellationToken ct, string? holder = null)
    {
        var search = HttpContext.RequestServices.GetRequiredService<NumberSearch>();
        var holds = HttpContext.RequestServices.GetRequiredService<NumberHolds>();
        holder ??= NumberHolders.Visitor(HttpContext, create: false);
        query ??= new NumberQuery();
        var result = new NumberSearchResult();
        if (HttpContext.Request.Path.StartsWithSegments("/trial/numbers"))
        {
            if (TrialArea.Parse(area) is { } place)
            {
                query.Country = place.Country;
                query.City = place.City;
                result = await search.SearchAsync(query, SearchAudience.Trial, holder, null, false, ct);
            }
            else
            {
                result = new NumberSearchResult { Searched = true, Errors = { ["Country"] = t["Choose the city of your trial number first."] } };
            }
        }
        return new NumberSearchPanel
        {
            Id = "trial",
            Query = query,
            Result = result,
            SearchUrl = "/trial/numbers",
            HoldUrl = "/trial/numbers/hold",
            Hold = await holds.CurrentAsync(holder, ct),
            HoldMinutes = (int)holds.Length.TotalMinutes,
            NowUtc = DateTime.UtcNow,
            Price = _ => t["Free during the trial"],
            AreaFromOutside = true,
            Include = "#Form_Area",
            HoldNote = t["Start your trial and confirm your email before the time is up to get this number; after that we give you another number in the same city."],
            Error = error,
        };
    }

    [AllowAnonymous]
    [HttpPost("")]
    [EnableRateLimiting(RateLimitPolicies.Signup)]
    public async Task<IActionResult> Start([FromForm(Name = "Form")] StartTrialForm form, [FromForm] string? plan, [FromServices] StartTrial startTrial,
        [FromServices] SignupRiskRules risk, CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            var result = await startTrial.RunAsync(form, ClientIp(), risk.RequestCountryOf(Request), ct, NumberHolders.Visitor(HttpContext, create: false));
            if (result.Succeeded)
            {
                TempData["TrialEmail"] = form.Email.Trim();
                return RedirectToAction(nameof(CheckEmail));
            }
            result.AddTo(ModelState, "Form.");
        }
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        form.Password = "";
        return View(new StartTrialPage { Form = form, Areas = await inventory.GetTrialAreasAsync(ct: ct), Plan = plan, PlanName = await PaidPlanNameAsync(plan, ct),
            NumberSearch = await NumberPanelAsync(form.Area, null, null, ct) });
    }

    /// <summary>The name of the paid plan a visitor clicked on the pricing page, if it is one.</summary>
    private async Task<string?> PaidPlanNameAsync(string? code, CancellationToken ct) =>
        string.IsNullOrEmpty(code) ? null
        : await db.Plans.AsNoTracking().Where(p => p.Code == code && !p.IsTrial && p.IsPublic && p.RetiredAtUtc == null).Select(p => p.Name).FirstOrDefaultAsync(ct);

    /// <summary>The link in the confirmation email (an account address: it confirms the account).</summary>
    [AllowAnonymous]
    [HttpGet("~/account/confirm-email")]
    public async Task<IActionResult> ConfirmEmail(string? userId, string? code, [FromServices] ConfirmTrialEmail confirm,
        [FromServices] SignInManager<PortalUser> signIn, CancellationToken ct)
    {
        var (outcome, user) = await confirm.RunAsync(userId, code, ct);
        switch (outcome)
        {
            case ConfirmOutcome.Confirmed:
                // The link proved the address is theirs: sign in and ask for the code texted to the mobile.
                await signIn.SignInAsync(user!, isPersistent: false);
                // The address the check-email page showed is done with: left in TempData (a browser
                // that never opened that page), it would re-encrypt and re-send its cookie with every
                // response of the session.
                TempData.Remove("TrialEmail");
                return RedirectToAction(nameof(VerifyMobile));
            case ConfirmOutcome.AlreadyConfirmed:
                TempData["Info"] = t["Your email address is already confirmed. Log in to continue."].Value;
                return RedirectToAction("Login", "Account", new { returnUrl = "/dashboard" });
            default:
                return View("ConfirmEmailFailed");
        }
    }

    [AllowAnonymous]
    [HttpGet("check-email")]
    public IActionResult CheckEmail() => View(model: TempData["TrialEmail"] as string);

    /// <summary>Sends the confirmation email again; says the same whether or not the address is known.</summary>
    [AllowAnonymous]
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

    /// <summary>The code texted to the mobile; the last step before provisioning (or staff review). Not
    /// under the per-address signup limit: the code has its own tries and resend limit per signup,
    /// and an honest prospect who mistypes must not be locked out by the posts of their own signup.</summary>
    [HttpGet("verify-mobile")]
    public async Task<IActionResult> VerifyMobile(CancellationToken ct) =>
        await SignupAwaitingCodeAsync(ct) is { } signup ? View(new VerifyMobilePage { Signup = signup }) : Redirect("/dashboard");

    [HttpPost("verify-mobile")]
    public async Task<IActionResult> VerifyMobile([FromForm] string? code, [FromServices] VerifyMobile verify, CancellationToken ct)
    {
        var result = await verify.RunAsync(UserId(), code, ct);
        if (result.NotFound)
        {
            return Redirect("/dashboard");
        }
        if (result.Succeeded)
        {
            return Redirect("/dashboard");
        }
        return await ShowCodeFormAgainAsync(result, ct);
    }

    [HttpPost("verify-mobile/resend")]
    public async Task<IActionResult> ResendMobileCode([FromServices] VerifyMobile verify, CancellationToken ct)
    {
        var result = await verify.ResendAsync(UserId(), ct);
        if (result.NotFound)
        {
            return Redirect("/dashboard");
        }
        if (result.Succeeded)
        {
            TempData["CodeSent"] = result.Message;
            return RedirectToAction(nameof(VerifyMobile));
        }
        return await ShowCodeFormAgainAsync(result, ct);
    }

    private async Task<IActionResult> ShowCodeFormAgainAsync(FormResult refused, CancellationToken ct)
    {
        var signup = await db.TrialSignups.AsNoTracking().SingleOrDefaultAsync(s => s.UserId == UserId(), ct);
        if (signup is null)
        {
            return Redirect("/dashboard");
        }
        refused.AddTo(ModelState);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View(nameof(VerifyMobile), new VerifyMobilePage { Signup = signup });
    }

    private Task<TrialSignup?> SignupAwaitingCodeAsync(CancellationToken ct) =>
        db.TrialSignups.AsNoTracking().SingleOrDefaultAsync(s => s.UserId == UserId() && s.Status == TrialSignupStatus.AwaitingMobileCode, ct);

    private string UserId() => User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";

    private string ClientIp() => HttpContext.Connection.RemoteIpAddress?.ToString() ?? "";
}
