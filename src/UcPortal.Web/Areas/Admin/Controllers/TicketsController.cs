using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using UcPortal.Web.Features.HelpDesk;

namespace UcPortal.Web.Areas.Admin.Controllers;

/// <summary>The help desk queue (open / waiting on customer / closed) and a ticket's page: reply (the
/// customer is emailed), assign, close, reopen. Support and Admin alike.</summary>
[Area("Admin")]
[Authorize(Policy = AuthorizationPolicies.Staff)]
[Route("admin/tickets")]
public sealed class TicketsController(StaffTickets tickets, CurrentStaff currentStaff) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] TicketQueueFilter filter, CancellationToken ct)
    {
        var staff = await StaffAsync(ct);
        return View(await tickets.QueueAsync(filter, staff.UserId, ct));
    }

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Ticket(int id, CancellationToken ct)
    {
        ViewData["StaffUserId"] = (await StaffAsync(ct)).UserId;
        return await tickets.GetAsync(id, null, ct) is { } page ? View(page) : NotFound();
    }

    [HttpPost("{id:int}/reply")]
    public async Task<IActionResult> Reply(int id, string? reply, AfterReply after, CancellationToken ct)
    {
        var staff = await StaffAsync(ct);
        var result = await tickets.ReplyAsync(id, staff, reply, after, ct);
        if (result.NotFound)
        {
            return NotFound();
        }
        if (result.Succeeded)
        {
            TempData["Flash"] = result.Message;
            return Redirect($"/admin/tickets/{id}");
        }
        result.AddTo(ModelState, replaceBinderMessages: true);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        ViewData["StaffUserId"] = staff.UserId;
        return View("Ticket", await tickets.GetAsync(id, reply, ct));
    }

    [HttpPost("{id:int}/assign")]
    public async Task<IActionResult> Assign(int id, string? assignTo, CancellationToken ct) =>
        this.RedirectWith(await tickets.AssignAsync(id, await StaffAsync(ct), assignTo, ct), $"/admin/tickets/{id}", "Flash", "TicketError");

    [HttpPost("{id:int}/close")]
    public async Task<IActionResult> Close(int id, CancellationToken ct) =>
        this.RedirectWith(await tickets.CloseAsync(id, await StaffAsync(ct), ct), $"/admin/tickets/{id}", "Flash", "TicketError");

    [HttpPost("{id:int}/reopen")]
    public async Task<IActionResult> Reopen(int id, CancellationToken ct) =>
        this.RedirectWith(await tickets.ReopenAsync(id, await StaffAsync(ct), ct), $"/admin/tickets/{id}", "Flash", "TicketError");

    // The Staff policy already required a staff member, so there is one.
    private async Task<StaffMember> StaffAsync(CancellationToken ct) => await currentStaff.GetAsync(ct) ?? throw new InvalidOperationException("No staff member.");
}
