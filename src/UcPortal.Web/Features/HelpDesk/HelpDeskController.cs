using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace UcPortal.Web.Features.HelpDesk;

public sealed class NewTicketPage
{
    public OpenTicketForm Form { get; init; } = new();
}

/// <summary>The customer's help desk: their tickets, opening one, the thread and replies.</summary>
[Route("support")]
[Authorize(Policy = AuthorizationPolicies.TenantMember)]
public sealed class HelpDeskController(CustomerTickets tickets) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(TenantCaller caller, CancellationToken ct)
    {
        ViewData["CanManage"] = caller.CanManage;
        return View(await tickets.ListAsync(caller, ct));
    }

    /// <summary>Pages with a dead end link here with the category and a subject filled in.</summary>
    [HttpGet("new")]
    public IActionResult New(TicketCategory? category, string? subject) => View(new NewTicketPage
    {
        Form = new OpenTicketForm { Category = category, Subject = subject is { Length: <= SupportTicketLimits.Subject } ? subject : null },
    });

    [HttpPost("new")]
    public async Task<IActionResult> Open(TenantCaller caller, [Bind(Prefix = "Form")] OpenTicketForm form, CancellationToken ct)
    {
        var result = await tickets.OpenAsync(caller, form, ct);
        if (result.Succeeded)
        {
            TempData["Flash"] = result.Message;
            return Redirect($"/support/{result.Value}");
        }
        result.AddTo(ModelState, "Form.", replaceBinderMessages: true);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View("New", new NewTicketPage { Form = form });
    }

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Ticket(TenantCaller caller, int id, CancellationToken ct) =>
        await tickets.GetAsync(caller, id, null, ct) is { } thread ? View(thread) : NotFound();

    [HttpPost("{id:int}/reply")]
    public async Task<IActionResult> Reply(TenantCaller caller, int id, string? reply, CancellationToken ct)
    {
        var result = await tickets.ReplyAsync(caller, id, reply, ct);
        if (result.NotFound)
        {
            return NotFound();
        }
        if (result.Succeeded)
        {
            TempData["Flash"] = result.Message;
            return Redirect($"/support/{id}");
        }
        result.AddTo(ModelState, replaceBinderMessages: true);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View("Ticket", await tickets.GetAsync(caller, id, reply, ct));
    }
}
