namespace UcPortal.Web.Features.CustomerCare;

/// <summary>One line of a tenant's timeline: when, what kind (for the badge and the filter), what
/// happened, and its cause (a person, a job, a webhook).</summary>
public sealed record TimelineEntry(DateTime AtUtc, string Kind, string Message, string Cause, TimelineSource Source, string? StaffAction = null)
{
    /// <summary>The PBX change this event made (its version), when it made one: the SIP core was told.</summary>
    public long? ConfigVersion { get; init; }
}

public enum TimelineSource { History, Staff, Configuration, Payment, Email }

/// <summary>Everything that happened to a tenant, newest first, read from the records that already
/// hold it: the tenant's history (signup, confirmation, provisioning, lifecycle, billing changes),
/// the staff audit log, the PBX change log, the payment provider's events and the email outbox. No
/// copy is kept: each source is read with its own index (tenant id, time) and the newest lines of
/// each are merged.</summary>
public sealed class TenantTimeline(PortalDbContext db)
{
    /// <summary>A staff action writes an audit line and, for a lifecycle change, a history line with
    /// the cause "staff:&lt;email&gt;", in one commit: the two are shown as one line when they are
    /// this close, the audit action as its tag. (The records share no commit id; one commit takes
    /// milliseconds, and the same cause acting twice within two seconds is rare enough.)</summary>
    private static readonly TimeSpan SameCommit = TimeSpan.FromSeconds(2);

    public async Task<List<TimelineEntry>> ReadAsync(Guid tenantId, int take, CancellationToken ct)
    {
        var history = await db.TenantEvents.AsNoTracking().Where(e => e.TenantId == tenantId)
            .OrderByDescending(e => e.AtUtc).ThenByDescending(e => e.Id).Take(take)
            .Select(e => new { e.AtUtc, e.Kind, e.Message, e.Actor }).ToListAsync(ct);
        var audit = await db.AuditEntries.AsNoTracking().Where(a => a.TenantId == tenantId)
            .OrderByDescending(a => a.AtUtc).ThenByDescending(a => a.Id).Take(take)
            .Select(a => new { a.AtUtc, a.Action, a.Detail, a.Actor }).ToListAsync(ct);
        // "Service state: …" changes repeat the lifecycle's own line for the SIP core.
        var changes = await db.ConfigChanges.AsNoTracking().Where(c => c.TenantId == tenantId && !c.Description.StartsWith("Service state:"))
            .OrderByDescending(c => c.Version).Take(take)
            .Select(c => new { c.AtUtc, c.Version, c.Description, c.Actor }).ToListAsync(ct);
        var payments = await db.BillingEvents.AsNoTracking().Where(b => b.TenantId == tenantId)
            .OrderByDescending(b => b.ReceivedAtUtc).ThenByDescending(b => b.Id).Take(take)
            .Select(b => new { b.ReceivedAtUtc, b.Type, b.Outcome, b.Provider, b.EventId }).ToListAsync(ct);
        var emails = await db.OutboxEmails.AsNoTracking().Where(e => e.TenantId == tenantId)
            .OrderByDescending(e => e.CreatedAtUtc).Take(take)
            .Select(e => new { e.CreatedAtUtc, e.Subject, e.ToAddress, e.Status, e.Template }).ToListAsync(ct);

        // A job's or a person's change that also wrote a history or audit line in the same commit
        // (suspension, fraud flag, provisioning, a staff action) shows once: the line, with the
        // version of the PBX change it made.
        var changeUsed = new HashSet<int>();
        long? ChangeOf(string cause, DateTime at)
        {
            // The closest in time wins: a second change by the same cause a second later is not this one's.
            var best = -1;
            for (var i = 0; i < changes.Count; i++)
            {
                if (!changeUsed.Contains(i) && changes[i].Actor == cause && (changes[i].AtUtc - at).Duration() <= SameCommit
                    && (best < 0 || (changes[i].AtUtc - at).Duration() < (changes[best].AtUtc - at).Duration()))
                {
                    best = i;
                }
            }
            if (best < 0)
            {
                return null;
            }
            changeUsed.Add(best);
            return changes[best].Version;
        }

        var lines = new List<TimelineEntry>();
        var folded = new HashSet<int>();
        foreach (var e in history)
        {
            string? action = null;
            if (e.Actor.StartsWith("staff:", StringComparison.Ordinal))
            {
                var staff = e.Actor["staff:".Length..];
                var match = -1;
                // The audit line of the same commit is the closest in time; a quick next action by the
                // same person (view as customer a second after extending the trial) keeps its own line.
                for (var i = 0; i < audit.Count; i++)
                {
                    if (!folded.Contains(i) && audit[i].Actor == staff && (audit[i].AtUtc - e.AtUtc).Duration() <= SameCommit
                        && (match < 0 || (audit[i].AtUtc - e.AtUtc).Duration() < (audit[match].AtUtc - e.AtUtc).Duration()))
                    {
                        match = i;
                    }
                }
                if (match >= 0)
                {
                    folded.Add(match);
                    action = audit[match].Action;
                }
            }
            lines.Add(new TimelineEntry(e.AtUtc, e.Kind, e.Message, e.Actor, TimelineSource.History, action) { ConfigVersion = ChangeOf(e.Actor, e.AtUtc) });
        }
        lines.AddRange(audit.Where((_, i) => !folded.Contains(i))
            .Select(a => new TimelineEntry(a.AtUtc, "staff", a.Detail ?? a.Action, a.Actor, TimelineSource.Staff, a.Action) { ConfigVersion = ChangeOf("staff:" + a.Actor, a.AtUtc) }));
        lines.AddRange(changes.Where((_, i) => !changeUsed.Contains(i))
            .Select(c => new TimelineEntry(c.AtUtc, "configuration", c.Description, c.Actor, TimelineSource.Configuration) { ConfigVersion = c.Version }));
        lines.AddRange(payments.Select(p => new TimelineEntry(p.ReceivedAtUtc, "payment", $"{p.Type}: {p.Outcome}", $"{p.Provider} event {p.EventId}", TimelineSource.Payment)));
        lines.AddRange(emails.Select(e => new TimelineEntry(e.CreatedAtUtc, "email", $"“{e.Subject}” to {e.ToAddress} ({e.Status.ToString().ToLowerInvariant()})", "template " + e.Template, TimelineSource.Email)));
        return lines.OrderByDescending(l => l.AtUtc).Take(take).ToList();
    }
}
