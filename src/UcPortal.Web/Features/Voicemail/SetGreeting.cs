using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace UcPortal.Web.Features.Voicemail;

/// <summary>An extension's mailbox greeting: an uploaded recording (WAV, MP3, Ogg, Opus, FLAC, AIFF, WebM, M4A)
/// or one recorded in the browser (the page puts it in the same file field: WebM/Opus or MP4/AAC), converted to the 8 kHz mono 16-bit WAV the engine plays, or back to the spoken default.
/// Too big, too long or not audio is refused with a message and nothing is kept.</summary>
public sealed class SetGreeting(PortalDbContext db, PortalUnitOfWork unitOfWork, VoicemailStorage storage, IOptions<VoicemailOptions> options, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> text)
{
    public const string Field = "Greeting";

    /// <summary>What an upload may be (sox or ffmpeg reads it).</summary>
    public const string Formats = AudioUpload.Formats;

    /// <summary>The extension the caller may set the greeting of (owners and admins: any; members: their own).</summary>
    public Task<Extension?> FindAsync(TenantCaller caller, string number, CancellationToken ct) =>
        db.Extensions.Where(e => e.TenantId == caller.TenantId && e.Number == number && (caller.CanManage || e.UserId == caller.User.Id))
            .SingleOrDefaultAsync(ct);

    public async Task<FormResult> UploadAsync(TenantCaller caller, string number, IFormFile? file, CancellationToken ct)
    {
        var extension = await FindAsync(caller, number, ct);
        if (extension is null)
        {
            return FormResult.Missing();
        }
        var o = options.Value;
        using var upload = await AudioUpload.ConvertAsync(file, o.GreetingMaxSeconds, o.GreetingMaxBytes, "greeting", ct, text);
        if (upload.Error is not null)
        {
            return FormResult.Refused(Field, upload.Error);
        }
        var name = $"greeting-{extension.Number}-{Guid.NewGuid():N}.wav";
        Directory.CreateDirectory(storage.TenantDirectory(caller.TenantId));
        File.Copy(upload.File!, storage.PathOf(caller.TenantId, name));
        var old = extension.VoicemailGreetingFile;
        extension.VoicemailGreetingFile = name;
        unitOfWork.AddEvent(caller.TenantId, "voicemail", $"Extension {extension.Number}: voicemail greeting uploaded ({AudioUpload.FormatLength(upload.Seconds)})", caller.Actor);
        try
        {
            await unitOfWork.CommitAsync(ct);
        }
        catch
        {
            File.Delete(storage.PathOf(caller.TenantId, name));
            throw;
        }
        DeleteFile(caller.TenantId, old);
        return FormResult.Ok(text["Extension {0}'s greeting is saved. Callers hear it within a few seconds.", extension.Number]);
    }

    public async Task<FormResult> UseDefaultAsync(TenantCaller caller, string number, CancellationToken ct)
    {
        var extension = await FindAsync(caller, number, ct);
        if (extension is null)
        {
            return FormResult.Missing();
        }
        var old = extension.VoicemailGreetingFile;
        if (old is null)
        {
            return FormResult.Ok(text["Extension {0} already uses the spoken greeting.", extension.Number]);
        }
        extension.VoicemailGreetingFile = null;
        unitOfWork.AddEvent(caller.TenantId, "voicemail", $"Extension {extension.Number}: back to the spoken voicemail greeting", caller.Actor);
        await unitOfWork.CommitAsync(ct);
        DeleteFile(caller.TenantId, old);
        return FormResult.Ok(text["Extension {0} uses the spoken greeting again.", extension.Number]);
    }

    private void DeleteFile(Guid tenantId, string? name)
    {
        if (name is not null && File.Exists(storage.PathOf(tenantId, name)))
        {
            File.Delete(storage.PathOf(tenantId, name));
        }
    }
}
