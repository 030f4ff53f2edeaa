using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;

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

/// <summary>Signs a user in with email and password (locked out for 15 minutes after 5 failures).
/// Done: where to go next (the return address if it is ours, else the staff area or the dashboard).
/// Refused because the address is not confirmed yet: the address, so the page can offer a new link.</summary>
public sealed class LogIn(SignInManager<PortalUser> signIn, UserManager<PortalUser> users)
{
    public async Task<FormResult<string>> RunAsync(LoginForm form, Func<string, bool> isLocalUrl)
    {
        var user = await users.FindByEmailAsync(form.Email.Trim());
        if (user is not null && !user.EmailConfirmed && await users.CheckPasswordAsync(user, form.Password))
        {
            return FormResult<string>.Refused("", "Confirm your email address first: follow the link in the email we sent you.", user.Email);
        }
        var result = user is null ? SignInResult.Failed : await signIn.PasswordSignInAsync(user, form.Password, form.RememberMe, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            return FormResult<string>.Refused("", "Too many failed attempts: this account is locked for 15 minutes. You can reset your password meanwhile.");
        }
        if (!result.Succeeded)
        {
            return FormResult<string>.Refused("", "That email and password don't match an account.");
        }
        if (!string.IsNullOrEmpty(form.ReturnUrl) && isLocalUrl(form.ReturnUrl))
        {
            return FormResult<string>.Ok(form.ReturnUrl);
        }
        var isStaff = await users.IsInRoleAsync(user!, StaffRoles.Support) || await users.IsInRoleAsync(user!, StaffRoles.Admin);
        return FormResult<string>.Ok(isStaff ? "/admin" : "/dashboard");
    }
}
