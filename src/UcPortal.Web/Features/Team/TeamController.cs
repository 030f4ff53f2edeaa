using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using UcPortal.Web.Features.Email;
using UcPortal.Web.Hosting;

namespace UcPortal.Web.Features.Team;

/// <summary>The tenant's people (owner and admins): invite by email, revoke, remove; and the
/// invitation's accept page, open to anyone holding the link.</summary>
[Route("pbx/team")]
[Authorize(Policy = AuthorizationPolicies.TenantManager)]
public sealed class TeamController(TeamPages pages) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(TenantCaller caller, CancellationToken ct) => View(await pages.GetAsync(caller.TenantId, caller.User, null, ct));

    [HttpPost("invite")]
    public async Task<IActionResult> Invite(TenantCaller caller, [Bind(Prefix = "Form")] InviteForm form, [FromServices] InviteTeamMember invite, CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            var result = await invite.RunAsync(caller.TenantId, caller.User, form, ct);
            if (result.Succeeded)
            {
                TempData["Flash"] = result.Message;
                return Redirect("/pbx/team");
            }
            result.AddTo(ModelState, "Form.");
        }
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View("Index", await pages.GetAsync(caller.TenantId, caller.User, form, ct));
    }

    [HttpPost("invitations/{id:guid}/revoke")]
    public async Task<IActionResult> Revoke(TenantCaller caller, Guid id, [FromServices] RevokeInvitation revoke, CancellationToken ct) =>
        Back(await revoke.RunAsync(caller.TenantId, caller.Actor, id, ct));

    [HttpPost("users/{id}/remove")]
    public async Task<IActionResult> Remove(TenantCaller caller, string id, [FromServices] RemoveTeamMember remove, CancellationToken ct)
    {
        var result = await remove.RunAsync(caller.TenantId, caller.User, id, ct);
        return result.Succeeded && id == caller.User.Id ? Redirect("/dashboard") : Back(result);
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
        // The form again with the messages next to its fields (a link that no longer works is shown as such).
        Response.StatusCode = ModelState.IsValid ? StatusCodes.Status200OK : StatusCodes.Status422UnprocessableEntity;
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
        Response.StatusCode = ModelState.IsValid ? StatusCodes.Status200OK : StatusCodes.Status422UnprocessableEntity;
        return View("Accept", await accept.ReadAsync(token, SignedInUserId, ct));
    }

    private IActionResult Back(FormResult result) => this.RedirectWith(result, "/pbx/team", "Flash", "TeamError");

    private string? SignedInUserId => User.Identity?.IsAuthenticated == true ? User.FindFirstValue(ClaimTypes.NameIdentifier) : null;
}
