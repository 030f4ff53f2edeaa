using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using UcPortal.Web.Hosting;

namespace UcPortal.Web.Features.StaffAccount;

public sealed class TwoFactorPage
{
    public required StaffMember Staff { get; init; }
    /// <summary>Set while enrolling (two-factor off).</summary>
    public AuthenticatorSetup? Setup { get; init; }
    public EnableTwoFactorForm Form { get; init; } = new();
    public int RecoveryCodesLeft { get; init; }
}

public sealed record RecoveryCodesPage(IReadOnlyList<string> Codes, string ContinueUrl);

/// <summary>A staff member's own security: two-factor enrolment (the staff area sends anyone without
/// it here), recovery codes, reset; and accepting a staff invitation. Customers get a 404.</summary>
[Route("account")]
public sealed class StaffAccountController(CurrentStaff current, CurrentTenant user, TwoFactorEnrolment enrolment, UserManager<PortalUser> users) : Controller
{
    [HttpGet("two-factor")]
    [ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
    public async Task<IActionResult> TwoFactor(string? returnUrl, CancellationToken ct)
    {
        if (await StaffAsync(ct) is not { } staff)
        {
            return await NotStaffAsync(ct);
        }
        return View(await PageAsync(staff, returnUrl, ct));
    }

    [HttpPost("two-factor/enable")]
    [EnableRateLimiting(RateLimitPolicies.Login)]
    [ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
    public async Task<IActionResult> Enable(EnableTwoFactorForm form, CancellationToken ct)
    {
        if (await StaffAsync(ct) is not { } staff)
        {
            return await NotStaffAsync(ct);
        }
        var account = (await user.GetUserAsync(ct))!;
        if (account.TwoFactorEnabled)
        {
            return Redirect("/account/two-factor");
        }
        var result = await enrolment.EnableAsync(account, form.Code, ct);
        if (!result.Succeeded)
        {
            result.AddTo(ModelState, "Form.");
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View(nameof(TwoFactor), await PageAsync(staff, form.ReturnUrl, ct));
        }
        return View("RecoveryCodes", new RecoveryCodesPage(result.Value!, ContinueUrl(form.ReturnUrl)));
    }

    [HttpPost("two-factor/recovery-codes")]
    [ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
    public async Task<IActionResult> RecoveryCodes(CancellationToken ct)
    {
        if (await StaffAsync(ct) is not { TwoFactorEnabled: true } || !StaffAccessHandler.SignedInWithSecondFactor(User))
        {
            return Redirect("/account/two-factor");
        }
        var codes = await enrolment.RenewRecoveryCodesAsync((await user.GetUserAsync(ct))!, ct);
        return View("RecoveryCodes", new RecoveryCodesPage(codes, "/account/two-factor"));
    }

    [HttpPost("two-factor/reset")]
    public async Task<IActionResult> Reset(CancellationToken ct)
    {
        if (await StaffAsync(ct) is not { TwoFactorEnabled: true } || !StaffAccessHandler.SignedInWithSecondFactor(User))
        {
            return Redirect("/account/two-factor");
        }
        await enrolment.ResetOwnAsync((await user.GetUserAsync(ct))!, ct);
        TempData["Info"] = "Your authenticator is reset. Scan the new code with your app to use the staff area again.";
        return Redirect("/account/two-factor");
    }

    [AllowAnonymous]
    [HttpGet("staff-invitation")]
    public async Task<IActionResult> Invitation(string? userId, string? code, [FromServices] AcceptStaffInvitation accept) =>
        await accept.FindAsync(userId, code) is { } invited
            ? View(new AcceptStaffInvitationForm { UserId = invited.Id, Code = code! })
            : View("InvitationFailed");

    [AllowAnonymous]
    [HttpPost("staff-invitation")]
    [EnableRateLimiting(RateLimitPolicies.Login)]
    public async Task<IActionResult> Invitation(AcceptStaffInvitationForm form, [FromServices] AcceptStaffInvitation accept, [FromServices] SignInManager<PortalUser> signIn, CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View(form);
        }
        var result = await accept.RunAsync(form, ct);
        if (result.NotFound)
        {
            return View("InvitationFailed");
        }
        if (!result.Succeeded)
        {
            result.AddTo(ModelState);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View(form);
        }
        // Whoever was signed in on this browser is not the invited person.
        await signIn.SignOutAsync();
        TempData["Info"] = result.Message;
        return Redirect("/account/login?ReturnUrl=%2Fadmin");
    }

    /// <summary>The staff member, also while their second factor is missing; null for anyone else.</summary>
    private Task<StaffMember?> StaffAsync(CancellationToken ct) => current.GetAsync(ct);

    private async Task<IActionResult> NotStaffAsync(CancellationToken ct)
    {
        if (await current.IsStaleSessionAsync(ct))
        {
            await HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return Redirect("/account/login?ReturnUrl=%2Faccount%2Ftwo-factor");
        }
        return NotFound();
    }

    private async Task<TwoFactorPage> PageAsync(StaffMember staff, string? returnUrl, CancellationToken ct)
    {
        var account = (await user.GetUserAsync(ct))!;
        return new TwoFactorPage
        {
            Staff = staff,
            Setup = account.TwoFactorEnabled ? null : await enrolment.SetupAsync(account),
            Form = new EnableTwoFactorForm { ReturnUrl = returnUrl },
            RecoveryCodesLeft = account.TwoFactorEnabled ? await users.CountRecoveryCodesAsync(account) : 0,
        };
    }

    private string ContinueUrl(string? returnUrl) => !string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) ? returnUrl : "/admin";
}
