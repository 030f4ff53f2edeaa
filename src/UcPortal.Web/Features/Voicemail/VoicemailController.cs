using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace UcPortal.Web.Features.Voicemail;

/// <summary>Messages left in the tenant's mailboxes: list, play, download, delete. The audio is served only
/// here, to the tenant's users (members: their own extensions' mailboxes), never as a static file.</summary>
[Route("pbx/voicemail")]
[Authorize(Policy = AuthorizationPolicies.TenantMember)]
public sealed class VoicemailController(VoicemailPages pages, PortalDbContext db, PortalUnitOfWork unitOfWork, VoicemailStorage storage) : Controller
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
}
