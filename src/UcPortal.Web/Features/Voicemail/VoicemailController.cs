using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace UcPortal.Web.Features.Voicemail;

/// <summary>Messages left in the tenant's mailboxes: list, play, download, delete. The audio is served only
/// here, to the tenant's users (members: their own extensions' mailboxes), never as a static file.</summary>
[Route("pbx/voicemail")]
[Authorize(Policy = AuthorizationPolicies.TenantMember)]
public sealed class VoicemailController(VoicemailPages pages, SetGreeting greetings, PortalDbContext db, PortalUnitOfWork unitOfWork, VoicemailStorage storage) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(TenantCaller caller, CancellationToken ct) =>
        View(await pages.PageAsync(caller, TempData["Flash"] as string, TempData["VoicemailError"] as string, ct));

    /// <summary>The audio for the page's player; playing marks the message heard.</summary>
    [HttpGet("{id:guid}/audio")]
    public async Task<IActionResult> Audio(TenantCaller caller, Guid id, CancellationToken ct)
    {
        if (await pages.AudioAsync(caller, id, ct) is not { } found)
        {
            return NotFound();
        }
        if (!found.Message.Heard)
        {
            found.Message.Heard = true;
            await unitOfWork.CommitAsync(ct);
        }
        Response.Headers.CacheControl = "private, no-store";
        return PhysicalFile(found.Path, "audio/wav", enableRangeProcessing: true);
    }

    [HttpGet("{id:guid}/download")]
    public async Task<IActionResult> Download(TenantCaller caller, Guid id, CancellationToken ct)
    {
        if (await pages.AudioAsync(caller, id, ct) is not { } found)
        {
            return NotFound();
        }
        Response.Headers.CacheControl = "private, no-store";
        var name = $"voicemail-{found.Message.ExtensionNumber}-{found.Message.ReceivedAtUtc:yyyyMMdd-HHmmss}.wav";
        return PhysicalFile(found.Path, "audio/wav", name);
    }

    [HttpPost("{id:guid}/delete")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Delete(TenantCaller caller, Guid id, CancellationToken ct)
    {
        var m = await pages.Visible(caller).SingleOrDefaultAsync(x => x.Id == id, ct);
        if (m is null)
        {
            return NotFound();
        }
        db.VoicemailMessages.Remove(m);
        unitOfWork.AddEvent(caller.TenantId, "voicemail", $"Voicemail from {m.Caller} for extension {m.ExtensionNumber} deleted", caller.Actor);
        await unitOfWork.CommitAsync(ct);
        var path = storage.PathOf(m.TenantId, m.FileName);
        if (System.IO.File.Exists(path))
        {
            System.IO.File.Delete(path);
        }
        TempData["Flash"] = "Message deleted.";
        return Redirect("/pbx/voicemail");
    }

    /// <summary>Uploads a greeting (any common audio format, converted); a refusal shows the page again (422)
    /// with the message next to that extension's file field.</summary>
    [HttpPost("greeting/{number}")]
    [ValidateAntiForgeryToken]
    [RequestSizeLimit(64 * 1024 * 1024)]
    [RequestFormLimits(MultipartBodyLengthLimit = 64 * 1024 * 1024)]
    public async Task<IActionResult> UploadGreeting(TenantCaller caller, string number, IFormFile? greeting, CancellationToken ct)
    {
        var result = await greetings.UploadAsync(caller, number, greeting, ct);
        if (result.NotFound)
        {
            return NotFound();
        }
        if (!result.Succeeded)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View("Index", await pages.PageAsync(caller, null, null, ct) with { GreetingError = (number, result.Error!) });
        }
        return this.RedirectWith(result, "/pbx/voicemail", "Flash", "VoicemailError");
    }

    [HttpPost("greeting/{number}/default")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> DefaultGreeting(TenantCaller caller, string number, CancellationToken ct) =>
        this.RedirectWith(await greetings.UseDefaultAsync(caller, number, ct), "/pbx/voicemail", "Flash", "VoicemailError");

    /// <summary>The extension's current greeting as callers hear it (the uploaded one, converted).</summary>
    [HttpGet("greeting/{number}/audio")]
    public async Task<IActionResult> GreetingAudio(TenantCaller caller, string number, CancellationToken ct)
    {
        var extension = await greetings.FindAsync(caller, number, ct);
        if (extension?.VoicemailGreetingFile is not { } file || !System.IO.File.Exists(storage.PathOf(caller.TenantId, file)))
        {
            return NotFound();
        }
        Response.Headers.CacheControl = "private, no-store";
        return PhysicalFile(storage.PathOf(caller.TenantId, file), "audio/wav");
    }
}
