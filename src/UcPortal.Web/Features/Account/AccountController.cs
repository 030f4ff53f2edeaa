using System.ComponentModel.DataAnnotations;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.WebUtilities;
using UcPortal.Data.Entities;
using UcPortal.Web.Features.Email;
using UcPortal.Web.Features.Trials;
using UcPortal.Web.Hosting;

namespace UcPortal.Web.Features.Account;

public sealed class LoginForm
{
    [Required(ErrorMessage = "Enter your email address.")]
    [Display(Name = "Email")]
    public string Email { get; set; } = "";

    [Required(ErrorMessage = "Enter your password.")]
    [DataType(DataType.Password)]
    [Display(Name = "Password")]
    public string Password { get; set; } = "";

    [Display(Name = "Keep me signed in on this device")]
    public bool RememberMe { get; set; }

    public string? ReturnUrl { get; set; }
}

public sealed class ForgotPasswordForm
{
    [Required(ErrorMessage = "Enter your email address.")]
    [Display(Name = "Email")]
    public string Email { get; set; } = "";
}

public sealed class ResetPasswordForm
{
    [Required]
    public string UserId { get; set; } = "";

    [Required]
    public string Code { get; set; } = "";

    [Required(ErrorMessage = "Choose a new password.")]
    [DataType(DataType.Password)]
    [Display(Name = "New password")]
    public string Password { get; set; } = "";

    [Required(ErrorMessage = "Repeat the new password.")]
    [DataType(DataType.Password)]
    [Compare(nameof(Password), ErrorMessage = "The two passwords differ.")]
    [Display(Name = "Repeat the new password")]
    public string ConfirmPassword { get; set; } = "";
}

[AllowAnonymous]
[Route("account")]
public sealed class AccountController(
    SignInManager<PortalUser> signIn,
    UserManager<PortalUser> users,
    PortalUnitOfWork unitOfWork,
    EmailTemplates templates,
    PortalLinks links) : Controller
{
    [HttpGet("login")]
    public IActionResult Login(string? returnUrl) => View(new LoginForm { ReturnUrl = returnUrl });

    [HttpPost("login")]
    [EnableRateLimiting(RateLimitPolicies.Login)]
    public async Task<IActionResult> Login(LoginForm form)
    {
        if (!ModelState.IsValid)
        {
            return View(form);
        }
        var user = await users.FindByEmailAsync(form.Email.Trim());
        if (user is not null && !user.EmailConfirmed && await users.CheckPasswordAsync(user, form.Password))
        {
            ViewData["Unconfirmed"] = user.Email;
            ModelState.AddModelError("", "Confirm your email address first: follow the link in the email we sent you.");
            return View(form);
        }
        var result = user is null
            ? Microsoft.AspNetCore.Identity.SignInResult.Failed
            : await signIn.PasswordSignInAsync(user, form.Password, form.RememberMe, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            ModelState.AddModelError("", "Too many failed attempts: this account is locked for 15 minutes. You can reset your password meanwhile.");
            return View(form);
        }
        if (!result.Succeeded)
        {
            ModelState.AddModelError("", "That email and password don't match an account.");
            return View(form);
        }
        if (!string.IsNullOrEmpty(form.ReturnUrl) && Url.IsLocalUrl(form.ReturnUrl))
        {
            return LocalRedirect(form.ReturnUrl);
        }
        return Redirect(await users.IsInRoleAsync(user!, StaffRoles.Support) || await users.IsInRoleAsync(user!, StaffRoles.Admin) ? "/admin" : "/dashboard");
    }

    [HttpPost("logout")]
    public async Task<IActionResult> Logout()
    {
        await signIn.SignOutAsync();
        return Redirect("/");
    }

    [HttpGet("confirm-email")]
    public async Task<IActionResult> ConfirmEmail(string? userId, string? code, [FromServices] ConfirmTrialEmail confirm, CancellationToken ct)
    {
        links.Observe(Request);
        if (string.IsNullOrEmpty(userId) || string.IsNullOrEmpty(code))
        {
            return View("ConfirmEmailFailed");
        }
        string token;
        try
        {
            token = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return View("ConfirmEmailFailed");
        }
        var (outcome, user) = await confirm.RunAsync(userId, token, ct);
        switch (outcome)
        {
            case ConfirmOutcome.Confirmed:
                // The link proved the address is theirs: go straight to the dashboard, where provisioning shows.
                await signIn.SignInAsync(user!, isPersistent: false);
                return Redirect("/dashboard");
            case ConfirmOutcome.AlreadyConfirmed:
                TempData["Info"] = "Your email address is already confirmed. Log in to continue.";
                return RedirectToAction(nameof(Login), new { returnUrl = "/dashboard" });
            default:
                return View("ConfirmEmailFailed");
        }
    }

    [HttpGet("forgot-password")]
    public IActionResult ForgotPassword() => View(new ForgotPasswordForm());

    [HttpPost("forgot-password")]
    [EnableRateLimiting(RateLimitPolicies.Login)]
    public async Task<IActionResult> ForgotPassword(ForgotPasswordForm form, CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return View(form);
        }
        links.Observe(Request);
        var user = await users.FindByEmailAsync(form.Email.Trim());
        if (user is not null)
        {
            var token = await users.GeneratePasswordResetTokenAsync(user);
            var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));
            var url = links.To($"/account/reset-password?userId={Uri.EscapeDataString(user.Id)}&code={code}");
            await unitOfWork.EmailAsync(templates.ResetPassword(user.FullName, url), user.Email!, user.FullName, null, user.TenantId, ct);
            await unitOfWork.CommitAsync(ct);
        }
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
    public async Task<IActionResult> ResetPassword(ResetPasswordForm form)
    {
        if (!ModelState.IsValid)
        {
            return View(form);
        }
        var user = await users.FindByIdAsync(form.UserId);
        string token;
        try
        {
            token = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(form.Code));
        }
        catch (FormatException)
        {
            return View("ResetPasswordFailed");
        }
        if (user is null)
        {
            return View("ResetPasswordFailed");
        }
        var result = await users.ResetPasswordAsync(user, token, form.Password);
        if (!result.Succeeded)
        {
            if (result.Errors.Any(e => e.Code == "InvalidToken"))
            {
                return View("ResetPasswordFailed");
            }
            ModelState.AddModelError(nameof(form.Password), string.Join(" ", result.Errors.Select(e => e.Description)));
            return View(form);
        }
        await users.ResetAccessFailedCountAsync(user);
        await users.SetLockoutEndDateAsync(user, null);
        TempData["Info"] = "Your password has been changed. Log in with the new one.";
        return RedirectToAction(nameof(Login));
    }

    [HttpGet("access-denied")]
    public IActionResult AccessDenied()
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return View();
    }
}
