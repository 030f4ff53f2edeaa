using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using UcPortal.Web.Features.Localisation;

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

public sealed class SecondFactorForm
{
    [Required(ErrorMessage = "Enter the 6-digit code from your authenticator app, or a recovery code.")]
    [Display(Name = "Authentication code")]
    public string Code { get; set; } = "";

    public bool RememberMe { get; set; }

    public string? ReturnUrl { get; set; }
}

/// <summary>Signs a user in with email and password (locked out for 15 minutes after 5 failures).
/// Done: where to go next (the second-factor step for an account with 2FA, else the return address
/// if it is ours, else the staff area or the dashboard).
/// Refused because the address is not confirmed yet: the address, so the page can offer a new link.
/// Every sign-in, failure and lockout is written to the audit log.</summary>
public sealed class LogIn(SignInManager<PortalUser> signIn, UserManager<PortalUser> users, StaffAudit audit, PortalUnitOfWork unitOfWork,
    IStringLocalizer<SharedResource> t, SaveCultureChoice cultureChoice, IHttpContextAccessor http)
{
    public async Task<FormResult<string>> RunAsync(LoginForm form, Func<string, bool> isLocalUrl, CancellationToken ct = default)
    {
        var email = form.Email.Trim();
        var user = await users.FindByEmailAsync(email);
        if (user is not null && !user.EmailConfirmed && await users.CheckPasswordAsync(user, form.Password))
        {
            return FormResult<string>.Refused("", t["Confirm your email address first: follow the link in the email we sent you."], user.Email);
        }
        var result = user is null ? SignInResult.Failed : await signIn.PasswordSignInAsync(user, form.Password, form.RememberMe, lockoutOnFailure: true);
        var returnUrl = !string.IsNullOrEmpty(form.ReturnUrl) && isLocalUrl(form.ReturnUrl) ? form.ReturnUrl : null;
        if (result.RequiresTwoFactor)
        {
            return FormResult<string>.Ok($"/account/login/code?RememberMe={form.RememberMe}"
                + (returnUrl is null ? "" : "&ReturnUrl=" + Uri.EscapeDataString(returnUrl)));
        }
        if (!result.Succeeded)
        {
            audit.Record(result.IsLockedOut ? AuditActions.LockedOut : AuditActions.SignInFailed, user?.TenantId, email,
                result.IsLockedOut ? "Password sign-in refused: the account is locked." : user is null ? "No account with this email." : "Wrong password.",
                actor: email, actorUserId: user?.Id);
            await unitOfWork.CommitAsync(ct);
            return result.IsLockedOut
                ? FormResult<string>.Refused("", t["Too many failed attempts: this account is locked for 15 minutes. You can reset your password meanwhile."])
                : FormResult<string>.Refused("", t["That email and password don't match an account."]);
        }
        audit.Record(AuditActions.SignIn, user!.TenantId, email, "Password.", actor: user.Email, actorUserId: user.Id);
        await unitOfWork.CommitAsync(ct);
        await cultureChoice.AfterLogInAsync(http.HttpContext!, user, ct);
        return FormResult<string>.Ok(returnUrl ?? await HomeOfAsync(users, user));
    }

    /// <summary>Where a user lands after signing in: staff in the staff area, customers on their dashboard.</summary>
    public static async Task<string> HomeOfAsync(UserManager<PortalUser> users, PortalUser user) =>
        user.TenantId is null && (await users.IsInRoleAsync(user, StaffRoles.Support) || await users.IsInRoleAsync(user, StaffRoles.Admin))
            ? "/admin" : "/dashboard";
}

/// <summary>The second step of signing in to an account with two-factor authentication: a 6-digit
/// code from the authenticator app, or one of the recovery codes (each works once). Five wrong codes
/// lock the account like five wrong passwords. Not found: no password step is pending (or it expired).</summary>
public sealed class LogInWithSecondFactor(SignInManager<PortalUser> signIn, UserManager<PortalUser> users, StaffAudit audit, PortalUnitOfWork unitOfWork,
    IStringLocalizer<SharedResource> t, SaveCultureChoice cultureChoice, IHttpContextAccessor http)
{
    public async Task<FormResult<string>> RunAsync(SecondFactorForm form, Func<string, bool> isLocalUrl, CancellationToken ct = default)
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return FormResult<string>.Missing();
        }
        var code = new string(form.Code.Where(c => !char.IsWhiteSpace(c)).ToArray());
        var isAuthenticatorCode = code.Length == 6 && code.All(char.IsAsciiDigit);
        var result = isAuthenticatorCode
            ? await signIn.TwoFactorAuthenticatorSignInAsync(code, form.RememberMe, rememberClient: false)
            : await signIn.TwoFactorRecoveryCodeSignInAsync(code);
        if (!result.Succeeded)
        {
            audit.Record(result.IsLockedOut ? AuditActions.LockedOut : AuditActions.SignInTwoFactorFailed, user.TenantId, user.Email,
                result.IsLockedOut ? "Second factor refused: the account is locked."
                : isAuthenticatorCode ? "Wrong authenticator code." : "Wrong recovery code.",
                actor: user.Email, actorUserId: user.Id);
            await unitOfWork.CommitAsync(ct);
            return result.IsLockedOut
                ? FormResult<string>.Refused("", t["Too many failed attempts: this account is locked for 15 minutes."])
                : FormResult<string>.Refused(nameof(form.Code), isAuthenticatorCode
                    ? t["That code is not valid. Check the time on your phone and enter the code shown now."]
                    : t["That recovery code is not valid, or was used already."]);
        }
        var detail = isAuthenticatorCode ? "Password and authenticator code."
            : $"Password and a recovery code ({await users.CountRecoveryCodesAsync(user)} left).";
        audit.Record(AuditActions.SignIn, user.TenantId, user.Email, detail, actor: user.Email, actorUserId: user.Id);
        await unitOfWork.CommitAsync(ct);
        await cultureChoice.AfterLogInAsync(http.HttpContext!, user, ct);
        var returnUrl = !string.IsNullOrEmpty(form.ReturnUrl) && isLocalUrl(form.ReturnUrl) ? form.ReturnUrl : null;
        return FormResult<string>.Ok(returnUrl ?? await LogIn.HomeOfAsync(users, user));
    }
}
