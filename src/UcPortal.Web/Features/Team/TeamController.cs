using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using UcPortal.Data.Entities;
using UcPortal.Web.Features.Account;
using UcPortal.Web.Features.Email;
using UcPortal.Web.Hosting;

namespace UcPortal.Web.Features.Team;

/// <summary>The tenant's people (owner and admins): invite by email, revoke, remove; and the
/// invitation's accept page, open to anyone holding the link.</summary>
[Route("pbx/team")]
public sealed class TeamController(CurrentCustomer customer, TeamPages pages) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var (user, denied) = await ManagerAsync(ct);
        if (denied is not null)
        {
            return denied;
        }
        return View(await pages.GetAsync(user!.TenantId!.Value, user, null, ct));
    }

    [HttpPost("invite")]
    public async Task<IActionResult> Invite([Bind(Prefix = "Form")] InviteForm form, [FromServices] InviteTeamMember invite, [FromServices] PortalLinks links, CancellationToken ct)
    {
        var (user, denied) = await ManagerAsync(ct);
        if (denied is not null)
        {
            return denied;
        }
        links.Observe(Request);
        if (ModelState.IsValid)
        {
            var result = await invite.RunAsync(user!.TenantId!.Value, user, form, ct);
            if (result.Succeeded)
            {
                TempData["Flash"] = result.Message;
                return Redirect("/pbx/team");
            }
            result.AddTo(ModelState, "Form.");
        }
        return View("Index", await pages.GetAsync(user!.TenantId!.Value, user, form, ct));
    }

    [HttpPost("invitations/{id:guid}/revoke")]
    public async Task<IActionResult> Revoke(Guid id, [FromServices] RevokeInvitation revoke, CancellationToken ct)
    {
        var (user, denied) = await ManagerAsync(ct);
        if (denied is not null)
        {
            return denied;
        }
        var result = await revoke.RunAsync(user!.TenantId!.Value, user.Email ?? user.Id, id, ct);
        return result.NotFound ? NotFound() : Back(result);
    }

    [HttpPost("users/{id}/remove")]
    public async Task<IActionResult> Remove(string id, [FromServices] RemoveTeamMember remove, CancellationToken ct)
    {
        var (user, denied) = await ManagerAsync(ct);
        if (denied is not null)
        {
            return denied;
        }
        var result = await remove.RunAsync(user!.TenantId!.Value, user, id, ct);
        if (result.NotFound)
        {
            return NotFound();
        }
        return result.Succeeded && id == user.Id ? Redirect("/dashboard") : Back(result);
    }

    [AllowAnonymous]
    [HttpGet("~/team/accept")]
    public async Task<IActionResult> Accept(string? token, [FromServices] AcceptInvitation accept, CancellationToken ct) =>
        View("Accept", await accept.ReadAsync(token, SignedInUserId, ct));

    [AllowAnonymous]
    [HttpPost("~/team/accept")]
    [EnableRateLimiting(RateLimitPolicies.Login)]
    public async Task<IActionResult> CreateAccount(string token, [Bind(Prefix = "Form")] NewAccountForm form, [FromServices] AcceptInvitation accept, CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            var result = await accept.CreateAccountAsync(token, form, SignedInUserId, ct);
            if (result.Succeeded)
            {
                return Redirect("/dashboard");
            }
            result.AddTo(ModelState, "Form.");
        }
        var page = await accept.ReadAsync(token, SignedInUserId, ct);
        return View("Accept", new AcceptPage
        {
            State = page.State, Token = page.Token, Email = page.Email, TenantName = page.TenantName, Role = page.Role,
            SignedInEmail = page.SignedInEmail, Form = new NewAccountForm { FullName = form.FullName },
        });
    }

    [AllowAnonymous]
    [HttpPost("~/team/accept/join")]
    [EnableRateLimiting(RateLimitPolicies.Login)]
    public async Task<IActionResult> Join(string token, string? password, [FromServices] AcceptInvitation accept, CancellationToken ct)
    {
        var result = await accept.JoinExistingAsync(token, password, SignedInUserId, ct);
        if (result.Succeeded)
        {
            return Redirect("/dashboard");
        }
        result.AddTo(ModelState);
        return View("Accept", await accept.ReadAsync(token, SignedInUserId, ct));
    }

    /// <summary>Back to the team page with what happened.</summary>
    private RedirectResult Back(FormResult result)
    {
        TempData[result.Succeeded ? "Flash" : "TeamError"] = result.Message ?? result.Error;
        return Redirect("/pbx/team");
    }

    private string? SignedInUserId => User.Identity?.IsAuthenticated == true ? User.FindFirstValue(ClaimTypes.NameIdentifier) : null;

    private async Task<(PortalUser? User, IActionResult? Denied)> ManagerAsync(CancellationToken ct)
    {
        var user = await customer.GetUserAsync(ct);
        if (user?.TenantId is null)
        {
            return (null, NotFound());
        }
        return await customer.CanManageTenantAsync(ct) ? (user, null) : (null, Forbid());
    }
}
