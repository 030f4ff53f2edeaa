using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using UcPortal.Media;

namespace UcPortal.Web.Features.Voicemail;

/// <summary>Stores a message the engine recorded: the audio into the tenant's folder, a row with caller,
/// called extension, time and duration. A recording delivered twice (Call-ID already stored) is dropped.</summary>
public sealed class VoicemailInbox(PortalDbContext db, PortalUnitOfWork unitOfWork, VoicemailStorage storage, IOptions<VoicemailOptions> options,
    Email.EmailTemplates templates, Email.EmailOutbox outbox, ILogger<VoicemailInbox> log)
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
        var message = new VoicemailMessage
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
        };
        db.VoicemailMessages.Add(message);
        await EmailUserAsync(tenant.Id, message, path, ct);
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

    /// <summary>The new message, with its audio attached, to the extension's user (else the extension's email, else the owner).</summary>
    private async Task EmailUserAsync(Guid tenantId, VoicemailMessage m, string path, CancellationToken ct)
    {
        var to = await db.Extensions.Where(e => e.TenantId == tenantId && e.Number == m.ExtensionNumber)
            .Select(e => new { UserEmail = db.Users.Where(u => u.Id == e.UserId).Select(u => u.Email).FirstOrDefault(), UserName = db.Users.Where(u => u.Id == e.UserId).Select(u => u.FullName).FirstOrDefault(), e.Email, e.Name })
            .SingleAsync(ct);
        // The recipient's language when they have an account, else the owner's (decision 036).
        var culture = await db.Users.Where(u => u.TenantId == tenantId && (u.Email == to.UserEmail || u.TenantRole == TenantRole.Owner))
            .OrderBy(u => u.Email == to.UserEmail ? 0 : 1).Select(u => u.Culture).FirstOrDefaultAsync(ct);
        var (address, name) = to.UserEmail is not null ? (to.UserEmail, to.UserName ?? "") : (to.Email, to.Name);
        if (string.IsNullOrWhiteSpace(address))
        {
            // Nobody uses the extension: the owner, who manages its mailbox, hears about it.
            var owner = await db.Users.Where(u => u.TenantId == tenantId && u.TenantRole == TenantRole.Owner).Select(u => new { u.Email, u.FullName }).FirstOrDefaultAsync(ct);
            (address, name) = (owner?.Email, owner?.FullName ?? "");
        }
        if (string.IsNullOrWhiteSpace(address))
        {
            return;
        }
        var caller = string.IsNullOrEmpty(m.CallerName) || m.CallerName == m.Caller ? m.Caller : $"{m.CallerName} ({m.Caller})";
        var staged = await outbox.AddAsync(templates.In(culture, t => t.NewVoicemail(name, m.ExtensionNumber, caller, m.ReceivedAtUtc, m.DurationSeconds)), address, name, $"voicemail:{m.Id}", tenantId, ct);
        if (staged is not null)
        {
            staged.AttachmentPath = path;
            staged.AttachmentName = $"voicemail-{m.ExtensionNumber}-{m.ReceivedAtUtc:yyyyMMdd-HHmmss}.wav";
            staged.AttachmentType = "audio/wav";
            unitOfWork.Enqueue<Email.SendOutboxEmailJob>(j => j.RunAsync(staged.Id, CancellationToken.None));
        }
    }

    public int QuotaMinutes(string? planCode) =>
        planCode is not null && options.Value.PlanQuotaMinutes.TryGetValue(planCode, out var minutes) ? minutes : options.Value.DefaultQuotaMinutes;

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];
}
