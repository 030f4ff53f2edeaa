using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using UcPortal.Web.Features.Email;
using UcPortal.Web.Hosting;

namespace UcPortal.Web.Features.Account;

[AllowAnonymous]
[Route("account")]
public sealed class AccountController(SignInManager<PortalUser> signIn, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> localizer) : Controller
{
    [HttpGet("login")]
    public IActionResult Login(string? returnUrl) => View(new LoginForm { ReturnUrl = returnUrl });

    [HttpPost("login")]
    [EnableRateLimiting(RateLimitPolicies.Login)]
    public async Task<IActionResult> Login(LoginForm form, [FromServices] LogIn logIn)
    {
        if (ModelState.IsValid)
        {
            var result = await logIn.RunAsync(form, Url.IsLocalUrl, HttpContext.RequestAborted);
            if (result.Succeeded)
            {
                return Redirect(result.Value!);
            }
            ViewData["Unconfirmed"] = result.Value;
            result.AddTo(ModelState);
        }
        return View(form);
    }

    [HttpGet("login/code")]
    public async Task<IActionResult> LoginCode(string? returnUrl, bool rememberMe) =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null
            ? RedirectToAction(nameof(Login), new { returnUrl })
            : View(new SecondFactorForm { ReturnUrl = returnUrl, RememberMe = rememberMe });

    [HttpPost("login/code")]
    [EnableRateLimiting(RateLimitPolicies.Login)]
    public async Task<IActionResult> LoginCode(SecondFactorForm form, [FromServices] LogInWithSecondFactor logIn, CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            var result = await logIn.RunAsync(form, Url.IsLocalUrl, ct);
            if (result.NotFound)
            {
                TempData["Info"] = localizer["Your sign-in took too long. Enter your email and password again."].Value;
                return RedirectToAction(nameof(Login), new { returnUrl = form.ReturnUrl });
            }
            if (result.Succeeded)
            {
                return Redirect(result.Value!);
            }
            result.AddTo(ModelState);
        }
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View(form);
    }

    [HttpPost("logout")]
    public async Task<IActionResult> Logout([FromServices] StaffAudit audit, [FromServices] PortalUnitOfWork unitOfWork, CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated == true)
        {
            audit.Record(AuditActions.SignOut);
            await unitOfWork.CommitAsync(ct);
        }
        await signIn.SignOutAsync();
        return Redirect("/");
    }

    [HttpGet("forgot-password")]
    public IActionResult ForgotPassword() => View(new ForgotPasswordForm());

    [HttpPost("forgot-password")]
    [EnableRateLimiting(RateLimitPolicies.Login)]
    public async Task<IActionResult> ForgotPassword(ForgotPasswordForm form, [FromServices] SendPasswordReset send, CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return View(form);
        }
        await send.RunAsync(form.Email, ct);
        // The same answer whether or not the address has an account: no one learns who our customers are.
        return View("ForgotPasswordSent", form.Email.Trim());
    }

    [HttpGet("reset-password")]
    public IActionResult ResetPassword(string? userId, string? code) =>
        string.IsNullOrEmpty(userId) || string.IsNullOrEmpty(code)
            ? View("ResetPasswordFailed")
            : View(new ResetPasswordForm { UserId = userId, Code = code });

    [HttpPost("reset-password")]
    [EnableRateLimiting(RateLimitPolicies.Login)]
    public async Task<IActionResult> ResetPassword(ResetPasswordForm form, [FromServices] ResetPassword reset)
    {
        if (!ModelState.IsValid)
        {
            return View(form);
        }
        var result = await reset.RunAsync(form);
        if (result.NotFound)
        {
            return View("ResetPasswordFailed");
        }
        if (!result.Succeeded)
        {
            result.AddTo(ModelState);
            return View(form);
        }
        TempData["Info"] = result.Message;
        return RedirectToAction(nameof(Login));
    }

    [HttpGet("access-denied")]
    public IActionResult AccessDenied()
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return View();
    }
}
