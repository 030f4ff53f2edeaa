using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace UcPortal.Web.Features.Porting;

/// <summary>"Bring your number" (owners and admins): ask to port a number in, follow the requests, answer
/// staff's questions, cancel. A letter of authorisation is served only here, to the tenant's own users.</summary>
[Route("pbx/porting")]
[Authorize(Policy = AuthorizationPolicies.TenantManager)]
public sealed class PortingController(TenantPorting porting) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(TenantCaller caller, CancellationToken ct) => View(await porting.ListAsync(caller, null, ct));

    [HttpPost("")]
    [ValidateAntiForgeryToken]
    [RequestSizeLimit(8 * 1024 * 1024)]
    [RequestFormLimits(MultipartBodyLengthLimit = 8 * 1024 * 1024)]
    public async Task<IActionResult> Submit(TenantCaller caller, [Bind(Prefix = "Form")] PortingForm form, CancellationToken ct)
    {
        var result = await porting.SubmitAsync(caller, form, ct);
        if (result.Succeeded)
        {
            TempData["Flash"] = result.Message;
            return Redirect($"/pbx/porting/{result.Value}");
        }
        result.AddTo(ModelState, "Form.", replaceBinderMessages: true);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        form.Letter = null;
        return View("Index", await porting.ListAsync(caller, form, ct));
    }

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Show(TenantCaller caller, int id, CancellationToken ct) =>
        await porting.GetAsync(caller, id, null, ct) is { } page ? View("Request", page) : NotFound();

    [HttpGet("{id:int}/letter")]
    public async Task<IActionResult> Letter(TenantCaller caller, int id, CancellationToken ct)
    {
        if (await porting.LetterAsync(caller, id, ct) is not { } found)
        {
            return NotFound();
        }
        Response.Headers.CacheControl = "private, no-store";
        return PhysicalFile(found.Path, found.Request.LoaContentType, found.Request.LoaOriginalName);
    }

    [HttpPost("{id:int}/answer")]
    [ValidateAntiForgeryToken]
    [RequestSizeLimit(8 * 1024 * 1024)]
    [RequestFormLimits(MultipartBodyLengthLimit = 8 * 1024 * 1024)]
    public async Task<IActionResult> Answer(TenantCaller caller, int id, string? answer, IFormFile? letter, CancellationToken ct)
    {
        var result = await porting.AnswerAsync(caller, id, answer, letter, ct);
        if (result.NotFound)
        {
            return NotFound();
        }
        if (result.Succeeded)
        {
            TempData["Flash"] = result.Message;
            return Redirect($"/pbx/porting/{id}");
        }
        result.AddTo(ModelState, replaceBinderMessages: true);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return await porting.GetAsync(caller, id, answer, ct) is { } page ? View("Request", page) : NotFound();
    }

    [HttpPost("{id:int}/cancel")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Cancel(TenantCaller caller, int id, CancellationToken ct) =>
        this.RedirectWith(await porting.CancelAsync(caller, id, ct), $"/pbx/porting/{id}", "Flash", "PortingError");
}
