namespace UcPortal.Web.Features.Email;

/// <summary>Stores emails before they are sent. <see cref="AddAsync"/> only stages the row, so it commits
/// together with the change that caused it; PortalUnitOfWork.EmailAsync calls it and enqueues the send after the commit.</summary>
public sealed class EmailOutbox(PortalDbContext db, TimeProvider clock)
{
    // Dedup keys LoadDedupKeysAsync found stored / not stored: AddAsync need not ask the database for them.
    private readonly HashSet<string> _stored = new(StringComparer.Ordinal);
    private readonly HashSet<string> _notStored = new(StringComparer.Ordinal);

    /// <summary>Reads in one query which of <paramref name="dedupKeys"/> are stored (a lifecycle
    /// batch's candidates, decision 038). Until <see cref="ForgetDedupKeys"/>, AddAsync skips its
    /// lookup for the keys found missing; a key stored meanwhile by another process is still refused
    /// by the unique index at commit, as it was when two processes checked at the same moment.</summary>
    public async Task LoadDedupKeysAsync(IEnumerable<string> dedupKeys, CancellationToken ct)
    {
        _stored.Clear();
        _notStored.Clear();
        var keys = dedupKeys.Distinct(StringComparer.Ordinal).ToList();
        if (keys.Count == 0)
        {
            return;
        }
        var stored = await db.OutboxEmails.Where(e => e.DedupKey != null && keys.Contains(e.DedupKey)).Select(e => e.DedupKey!).ToListAsync(ct);
        _stored.UnionWith(stored);
        _notStored.UnionWith(keys.Except(stored, StringComparer.Ordinal));
    }

    /// <summary>Forgets what LoadDedupKeysAsync read (at each commit: the next batch reads its own).</summary>
    public void ForgetDedupKeys()
    {
        _stored.Clear();
        _notStored.Clear();
    }

    /// <summary>Stages an email in the caller's unit of work. With a dedup key, an email that was
    /// already stored under that key is not stored again (null is returned).</summary>
    public async Task<OutboxEmail?> AddAsync(ComposedEmail message, string toAddress, string toName, string? dedupKey = null, Guid? tenantId = null, CancellationToken ct = default)
    {
        if (dedupKey is not null &&
            (_stored.Contains(dedupKey) ||
             (!_notStored.Contains(dedupKey) && await db.OutboxEmails.AnyAsync(e => e.DedupKey == dedupKey, ct)) ||
             IsStaged(dedupKey)))
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
    private bool IsStaged(string dedupKey) =>
        db.ReadStaged(() => db.OutboxEmails.Local.Any(e => e.DedupKey == dedupKey));
}
