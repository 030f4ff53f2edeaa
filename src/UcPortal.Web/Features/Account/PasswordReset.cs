using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using UcPortal.Web.Features.Email;

namespace UcPortal.Web.Features.Account;

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

/// <summary>Emails a password-reset link (valid 2 days) if the address has an account. The caller
/// says the same either way: no one learns who our customers are.</summary>
public sealed class SendPasswordReset(UserManager<PortalUser> users, PortalUnitOfWork unitOfWork, EmailTemplates templates, PortalLinks links)
{
    public async Task RunAsync(string email, CancellationToken ct)
    {
        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null)
        {
            return;
        }
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var url = links.To($"/account/reset-password?userId={Uri.EscapeDataString(user.Id)}&code={LinkCodes.Encode(token)}");
        await unitOfWork.EmailAsync(templates.In(user.Culture, t => t.ResetPassword(user.FullName, url)), user.Email!, user.FullName, null, user.TenantId, ct);
        await unitOfWork.CommitAsync(ct);
    }
}

/// <summary>Sets a new password from a reset link and lifts any lockout. Not found: the link is
/// invalid, used or expired. Refused: the password rules.</summary>
public sealed class ResetPassword(UserManager<PortalUser> users, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> t)
{
    public async Task<FormResult> RunAsync(ResetPasswordForm form)
    {
        var user = await users.FindByIdAsync(form.UserId);
        if (user is null || LinkCodes.Decode(form.Code) is not { } token)
        {
            return FormResult.Missing();
        }
        var result = await users.ResetPasswordAsync(user, token, form.Password);
        if (!result.Succeeded)
        {
            return result.Errors.Any(e => e.Code == "InvalidToken")
                ? FormResult.Missing()
                : FormResult.Refused(nameof(form.Password), string.Join(" ", result.Errors.Select(e => e.Description)));
        }
        await users.ResetAccessFailedCountAsync(user);
        await users.SetLockoutEndDateAsync(user, null);
        return FormResult.Ok(t["Your password has been changed. Log in with the new one."]);
    }
}
