using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using UcPortal.Web.Features.Porting;

namespace UcPortal.Web.Areas.Admin.Controllers;

/// <summary>The porting queue and a request's page: the letter of authorisation, and the steps (ask for more
/// information, set the date, complete, reject), each audited and emailed to the customer. Support and Admin alike.</summary>
[Area("Admin")]
[Authorize(Policy = AuthorizationPolicies.Staff)]
[Route("admin/porting")]
public sealed class PortingRequestsController(StaffPorting porting, CurrentStaff currentStaff) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] PortingQueueFilter filter, CancellationToken ct) => View(await porting.QueueAsync(filter, ct));

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Show(int id, CancellationToken ct) =>
        await porting.GetAsync(id, null, null, null, ct) is { } page ? View("Request", page) : NotFound();

    [HttpGet("{id:int}/letter")]
    public async Task<IActionResult> Letter(int id, CancellationToken ct)
    {
        if (await porting.LetterAsync(id, ct) is not { } found)
        {
            return NotFound();
        }
        Response.Headers.CacheControl = "private, no-store";
        return PhysicalFile(found.Path, found.Request.LoaContentType, found.Request.LoaOriginalName);
    }

    [HttpPost("{id:int}/ask")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Ask(int id, string? question, CancellationToken ct) =>
        await AnswerAsync(id, await porting.AskAsync(id, await StaffAsync(ct), question, ct), question, null, null, ct);

    [HttpPost("{id:int}/date")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> SetDate(int id, string? portDate, CancellationToken ct) =>
        await AnswerAsync(id, await porting.SetDateAsync(id, await StaffAsync(ct), portDate, ct), null, null, portDate, ct);

    [HttpPost("{id:int}/complete")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Complete(int id, CancellationToken ct) =>
        await AnswerAsync(id, await porting.CompleteAsync(id, await StaffAsync(ct), ct), null, null, null, ct);

    [HttpPost("{id:int}/reject")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Reject(int id, string? reason, CancellationToken ct) =>
        await AnswerAsync(id, await porting.RejectAsync(id, await StaffAsync(ct), reason, ct), null, reason, null, ct);

    /// <summary>Done: back to the request with the message. Refused: the page again (422) with the message next
    /// to its field, or at the top for a step the request's status does not allow.</summary>
    private async Task<IActionResult> AnswerAsync(int id, FormResult result, string? question, string? reason, string? portDate, CancellationToken ct)
    {
        if (result.NotFound)
        {
            return NotFound();
        }
        if (result.Succeeded)
        {
            TempData["Flash"] = result.Message;
            return Redirect($"/admin/porting/{id}");
        }
        result.AddTo(ModelState, replaceBinderMessages: true);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return await porting.GetAsync(id, question, reason, portDate, ct) is { } page ? View("Request", page) : NotFound();
    }

    // The Staff policy already required a staff member, so there is one.
    private async Task<StaffMember> StaffAsync(CancellationToken ct) => await currentStaff.GetAsync(ct) ?? throw new InvalidOperationException("No staff member.");
}
