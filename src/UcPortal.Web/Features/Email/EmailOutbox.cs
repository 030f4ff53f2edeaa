using Hangfire;
using Microsoft.EntityFrameworkCore;
using UcPortal.Data;
using UcPortal.Data.Entities;

namespace UcPortal.Web.Features.Email;

/// <summary>Stores emails before they are sent. <see cref="Add"/> only stages the row, so it commits
/// together with the change that caused it; <see cref="EnqueueSend"/> is called after the commit.</summary>
public sealed class EmailOutbox(PortalDbContext db, IBackgroundJobClient jobs, TimeProvider clock)
{
    /// <summary>Stages an email in the caller's unit of work. With a dedup key, an email that was
    /// already stored under that key is not stored again (null is returned).</summary>
    public async Task<OutboxEmail?> AddAsync(ComposedEmail message, string toAddress, string toName, string? dedupKey = null, Guid? tenantId = null, CancellationToken ct = default)
    {
        if (dedupKey is not null &&
            (await db.OutboxEmails.AnyAsync(e => e.DedupKey == dedupKey, ct) || IsStaged(dedupKey)))
        {
            return null;
        }
        var email = new OutboxEmail
        {
            Id = Guid.NewGuid(),
            DedupKey = dedupKey,
            Template = message.Template,
            ToAddress = toAddress,
            ToName = toName,
            Subject = message.Subject,
            HtmlBody = message.Html,
            TextBody = message.Text,
            TenantId = tenantId,
            Status = OutboxStatus.Pending,
            CreatedAtUtc = clock.GetUtcNow().UtcDateTime,
        };
        db.OutboxEmails.Add(email);
        return email;
    }

    /// <summary>Whether this unit of work already staged an email under the key. Added entities are
    /// tracked the moment they are added, so no DetectChanges pass is needed (DbSet.Local makes one
    /// per call, which a lifecycle sweep staging hundreds of emails per batch paid for each time).</summary>
    private bool IsStaged(string dedupKey)
    {
        var detect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            return db.OutboxEmails.Local.Any(e => e.DedupKey == dedupKey);
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = detect;
        }
    }

    public void EnqueueSend(OutboxEmail? email)
    {
        if (email is not null)
        {
            jobs.Enqueue<SendOutboxEmailJob>(j => j.RunAsync(email.Id, CancellationToken.None));
        }
    }

    /// <summary>Stores and saves at once, then enqueues: for emails that are the only change.</summary>
    public async Task SendAsync(ComposedEmail message, string toAddress, string toName, string? dedupKey = null, Guid? tenantId = null, CancellationToken ct = default)
    {
        var email = await AddAsync(message, toAddress, toName, dedupKey, tenantId, ct);
        if (email is null)
        {
            return;
        }
        await db.SaveChangesAsync(ct);
        EnqueueSend(email);
    }
}
