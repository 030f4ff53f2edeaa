using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using UcPortal.Media;

namespace UcPortal.Web.Features.Voicemail;

/// <summary>An extension's mailbox greeting: an uploaded recording (WAV, MP3, Ogg, Opus, FLAC, AIFF, WebM, M4A)
/// or one recorded in the browser (the page puts it in the same file field: WebM/Opus or MP4/AAC), converted to the 8 kHz mono 16-bit WAV the engine plays, or back to the spoken default.
/// Too big, too long or not audio is refused with a message and nothing is kept.</summary>
public sealed class SetGreeting(PortalDbContext db, PortalUnitOfWork unitOfWork, VoicemailStorage storage, IOptions<VoicemailOptions> options)
{
    public const string Field = "Greeting";

    /// <summary>What an upload may be (sox or ffmpeg reads it).</summary>
    public const string Formats = "WAV, MP3, Ogg, Opus, FLAC, AIFF, WebM or M4A";

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
        if (file is null || file.Length == 0)
        {
            return FormResult.Refused(Field, "Choose an audio file to upload.");
        }
        if (file.Length > o.GreetingMaxBytes)
        {
            return FormResult.Refused(Field, $"The file is too big ({file.Length / 1024 / 1024.0:0.#} MB): a greeting may be at most {o.GreetingMaxBytes / 1024 / 1024} MB.");
        }
        var work = Path.Combine(Path.GetTempPath(), "ucportal-greeting-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            // sox knows a format by the file's extension (or its header): keep a safe one; ffmpeg reads the header.
            var ext = Path.GetExtension(file.FileName).TrimStart('.').ToLowerInvariant();
            ext = ext.Length is > 0 and <= 5 && ext.All(char.IsAsciiLetterOrDigit) ? ext : "wav";
            var input = Path.Combine(work, "upload." + ext);
            await using (var s = File.Create(input))
            {
                await file.CopyToAsync(s, ct);
            }
            // The length from the file's header first: a long recording is refused before any conversion.
            if (await AudioTools.DeclaredDurationAsync(input, ct) is { } declared && declared > o.GreetingMaxSeconds)
            {
                return FormResult.Refused(Field, $"The greeting is too long ({FormatLength(declared)}): it may last at most {o.GreetingMaxSeconds} seconds.");
            }
            // A file that declares no length (a browser's recording) is converted up to one second past the limit: a
            // longer one is known to be too long without converting all of it.
            var converted = Path.Combine(work, "greeting.wav");
            var cap = o.GreetingMaxSeconds + 1;
            if (!await AudioTools.ConvertUploadAsync(input, converted, cap, ct) || await AudioTools.DurationAsync(converted, ct) is not { } seconds || seconds < 0.2)
            {
                return FormResult.Refused(Field, $"This file is not audio we can read. Upload a {Formats} recording.");
            }
            if (seconds > o.GreetingMaxSeconds)
            {
                return FormResult.Refused(Field, seconds >= cap - 0.05
                    ? $"The greeting is too long: it may last at most {o.GreetingMaxSeconds} seconds."
                    : $"The greeting is too long ({FormatLength(seconds)}): it may last at most {o.GreetingMaxSeconds} seconds.");
            }
            var name = $"greeting-{extension.Number}-{Guid.NewGuid():N}.wav";
            Directory.CreateDirectory(storage.TenantDirectory(caller.TenantId));
            File.Copy(converted, storage.PathOf(caller.TenantId, name));
            var old = extension.VoicemailGreetingFile;
            extension.VoicemailGreetingFile = name;
            unitOfWork.AddEvent(caller.TenantId, "voicemail", $"Extension {extension.Number}: voicemail greeting uploaded ({FormatLength(seconds)})", caller.Actor);
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
            return FormResult.Ok($"Extension {extension.Number}'s greeting is saved. Callers hear it within a few seconds.");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
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
            return FormResult.Ok($"Extension {extension.Number} already uses the spoken greeting.");
        }
        extension.VoicemailGreetingFile = null;
        unitOfWork.AddEvent(caller.TenantId, "voicemail", $"Extension {extension.Number}: back to the spoken voicemail greeting", caller.Actor);
        await unitOfWork.CommitAsync(ct);
        DeleteFile(caller.TenantId, old);
        return FormResult.Ok($"Extension {extension.Number} uses the spoken greeting again.");
    }

    private void DeleteFile(Guid tenantId, string? name)
    {
        if (name is not null && File.Exists(storage.PathOf(tenantId, name)))
        {
            File.Delete(storage.PathOf(tenantId, name));
        }
    }

    private static string FormatLength(double seconds) => seconds switch
    {
        >= 3600 => $"{(int)seconds / 3600} h {(int)seconds % 3600 / 60} min",
        >= 60 => $"{(int)seconds / 60} min {(int)seconds % 60} s",
        _ => $"{seconds:0} s",
    };
}
