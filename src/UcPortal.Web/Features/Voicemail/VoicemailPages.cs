using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace UcPortal.Web.Features.Voicemail;

public sealed record VoicemailRow(Guid Id, string Extension, string Caller, string CallerName, DateTime ReceivedAtUtc, double DurationSeconds, bool Heard);

/// <summary>A mailbox the caller may set the greeting of.</summary>
public sealed record MailboxRow(string Extension, string Name, bool Enabled, bool CustomGreeting, string DefaultText);

public sealed record VoicemailPage(IReadOnlyList<VoicemailRow> Messages, IReadOnlyList<MailboxRow> Mailboxes, double UsedMinutes, int QuotaMinutes, bool EngineEnabled,
    string? Flash, string? Error, int GreetingMaxSeconds, int GreetingMaxMegabytes)
{
    /// <summary>A refused greeting upload: the extension and the message shown next to its file field.</summary>
    public (string Extension, string Message)? GreetingError { get; init; }
}

/// <summary>The Voicemail page's reads: owners and admins see every mailbox of the tenant; members the
/// mailboxes of the extensions they use. A message of another tenant (or, for a member, not theirs) is not found.</summary>
public sealed class VoicemailPages(PortalDbContext db, VoicemailInbox inbox, VoicemailStorage storage, IOptions<VoicemailOptions> options)
{
    public IQueryable<VoicemailMessage> Visible(TenantCaller caller)
    {
        var q = db.VoicemailMessages.Where(m => m.TenantId == caller.TenantId);
        if (!caller.CanManage)
        {
            var mine = db.Extensions.Where(e => e.TenantId == caller.TenantId && e.UserId == caller.User.Id).Select(e => e.Number);
            q = q.Where(m => mine.Contains(m.ExtensionNumber));
        }
        return q;
    }

    public async Task<VoicemailPage> PageAsync(TenantCaller caller, string? flash, string? error, CancellationToken ct)
    {
        var rows = await Visible(caller).OrderByDescending(m => m.ReceivedAtUtc)
            .Select(m => new VoicemailRow(m.Id, m.ExtensionNumber, m.Caller, m.CallerName, m.ReceivedAtUtc, m.DurationSeconds, m.Heard))
            .ToListAsync(ct);
        var culture = await Mailboxes.OwnerCulture(db, caller.TenantId).FirstOrDefaultAsync(ct);
        var mailboxes = (await db.Extensions.AsNoTracking()
            .Where(e => e.TenantId == caller.TenantId && (caller.CanManage || e.UserId == caller.User.Id))
            .OrderBy(e => e.Number).Select(e => new { e.Number, e.Name, e.VoicemailEnabled, e.VoicemailGreetingFile }).ToListAsync(ct))
            .Select(e => new MailboxRow(e.Number, e.Name, e.VoicemailEnabled, e.VoicemailGreetingFile is not null, Voicemail.Mailboxes.DefaultGreeting(e.Number, caller.Tenant.Country, culture).Text))
            .ToList();
        var used = await db.VoicemailMessages.Where(m => m.TenantId == caller.TenantId).SumAsync(m => (double?)m.DurationSeconds, ct) ?? 0;
        return new VoicemailPage(rows, mailboxes, Math.Round(used / 60, 1), inbox.QuotaMinutes(caller.Plan.Code), options.Value.Enabled, flash, error,
            options.Value.GreetingMaxSeconds, options.Value.GreetingMaxBytes / 1024 / 1024);
    }

    /// <summary>Unheard messages the caller can see (the dashboard's count).</summary>
    public Task<int> UnheardAsync(TenantCaller caller, CancellationToken ct) => Visible(caller).CountAsync(m => !m.Heard, ct);

    /// <summary>The message's audio file, or null when the caller may not see it (or it is gone).</summary>
    public async Task<(VoicemailMessage Message, string Path)?> AudioAsync(TenantCaller caller, Guid id, CancellationToken ct)
    {
        var m = await Visible(caller).SingleOrDefaultAsync(x => x.Id == id, ct);
        if (m is null)
        {
            return null;
        }
        var path = storage.PathOf(m.TenantId, m.FileName);
        return File.Exists(path) ? (m, path) : null;
    }
}
