using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using UcPortal.Web.Features.StaffAccount;

namespace UcPortal.Web.Areas.Admin.Controllers;

public sealed class StaffListPage
{
    public List<StaffRow> Staff { get; init; } = [];
    public StaffInviteForm Form { get; init; } = new();
    public string CurrentUserId { get; init; } = "";
}

/// <summary>Staff accounts (Admins only): invite, change role, reset someone's second factor, remove.</summary>
[Area("Admin")]
[Authorize(Policy = AuthorizationPolicies.Admin)]
[Route("admin/staff")]
public sealed class StaffController(StaffPages pages, CurrentStaff current, ManageStaff manage) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) => View(await PageAsync(new StaffInviteForm(), ct));

    [HttpPost("invite")]
    public async Task<IActionResult> Invite([Bind(Prefix = "Form")] StaffInviteForm form, [FromServices] InviteStaff invite, CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            var result = await invite.RunAsync((await current.GetAsync(ct))!, form, ct);
            if (result.Succeeded)
            {
                TempData["Info"] = result.Message;
                return Redirect("/admin/staff");
            }
            result.AddTo(ModelState, "Form.");
        }
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View(nameof(Index), await PageAsync(form, ct));
    }

    [HttpPost("{userId}/role")]
    public async Task<IActionResult> ChangeRole(string userId, string role, CancellationToken ct) =>
        Back(await manage.ChangeRoleAsync((await current.GetAsync(ct))!, userId, role, ct));

    [HttpPost("{userId}/reset-two-factor")]
    public async Task<IActionResult> ResetTwoFactor(string userId, CancellationToken ct) =>
        Back(await manage.ResetTwoFactorAsync((await current.GetAsync(ct))!, userId, ct));

    [HttpPost("{userId}/remove")]
    public async Task<IActionResult> Remove(string userId, CancellationToken ct) =>
        Back(await manage.RemoveAsync((await current.GetAsync(ct))!, userId, ct));

    private async Task<StaffListPage> PageAsync(StaffInviteForm form, CancellationToken ct) => new()
    {
        Staff = await pages.ListAsync(ct),
        Form = form,
        CurrentUserId = (await current.GetAsync(ct))!.UserId,
    };

    private IActionResult Back(FormResult result) => this.RedirectWith(result, "/admin/staff", "Info", "Info");
}
