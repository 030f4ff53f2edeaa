using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using UcPortal.Media;

namespace UcPortal.Web.Features.Voicemail;

/// <summary>Stores a message the engine recorded: the audio into the tenant's folder, a row with caller,
/// called extension, time and duration. A recording delivered twice (Call-ID already stored) is dropped.</summary>
public sealed class VoicemailInbox(PortalDbContext db, PortalUnitOfWork unitOfWork, VoicemailStorage storage, IOptions<VoicemailOptions> options, ILogger<VoicemailInbox> log)
{
    public enum Outcome { Stored, Duplicate, NoMailbox, OverQuota }

    public async Task<Outcome> DeliverAsync(FinishedRecording r, string wav, CancellationToken ct)
    {
        var tenant = await db.Tenants.Include(t => t.Plan).SingleOrDefaultAsync(t => t.SipDomain == r.SipDomain, ct);
        if (tenant is null || !await db.Extensions.AnyAsync(e => e.TenantId == tenant.Id && e.Number == r.Extension, ct))
        {
            log.LogWarning("Voicemail for {Extension}@{Domain} dropped: no such extension", r.Extension, r.SipDomain);
            return Outcome.NoMailbox;
        }
        if (await db.VoicemailMessages.AnyAsync(m => m.TenantId == tenant.Id && m.CallId == r.CallId, ct))
        {
            return Outcome.Duplicate;
        }
        var usedSeconds = await db.VoicemailMessages.Where(m => m.TenantId == tenant.Id).SumAsync(m => (double?)m.DurationSeconds, ct) ?? 0;
        var quotaMinutes = QuotaMinutes(tenant.Plan?.Code);
        if (usedSeconds + r.DurationSeconds > quotaMinutes * 60)
        {
            unitOfWork.AddEvent(tenant.Id, "voicemail", $"A message for extension {r.Extension} was not kept: the mailbox storage ({quotaMinutes} minutes) is full", "media engine");
            await unitOfWork.CommitAsync(ct);
            return Outcome.OverQuota;
        }
        // The caller: a number from the carrier, or one of the tenant's phones known by its SIP username.
        var callerUser = MailboxAddress.UserOf(r.CallerUri);
        var callerExtension = await db.Extensions.Where(e => e.TenantId == tenant.Id && e.SipUsername == callerUser).Select(e => e.Number).FirstOrDefaultAsync(ct);
        var id = Guid.NewGuid();
        var fileName = id.ToString("N") + ".wav";
        Directory.CreateDirectory(storage.TenantDirectory(tenant.Id));
        var path = storage.PathOf(tenant.Id, fileName);
        File.Copy(wav, path, overwrite: true);
        db.VoicemailMessages.Add(new VoicemailMessage
        {
            Id = id,
            TenantId = tenant.Id,
            ExtensionNumber = r.Extension,
            Caller = Truncate(callerExtension ?? callerUser, 64),
            CallerName = Truncate(r.CallerName, 80),
            ReceivedAtUtc = r.StartedAtUtc,
            DurationSeconds = r.DurationSeconds,
            FileName = fileName,
            SizeBytes = new FileInfo(path).Length,
            CallId = Truncate(r.CallId, 200),
        });
        try
        {
            await unitOfWork.CommitAsync(ct);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
        return Outcome.Stored;
    }

    public int QuotaMinutes(string? planCode) =>
        planCode is not null && options.Value.PlanQuotaMinutes.TryGetValue(planCode, out var minutes) ? minutes : options.Value.DefaultQuotaMinutes;

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];
}
