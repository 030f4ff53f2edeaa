using System.Linq.Expressions;
using Hangfire;
using UcPortal.Web.Features.Email;
using UcPortal.Web.Features.Pbx.Sync;

namespace UcPortal.Web.Features.Shared;

/// <summary>The one way a change is committed (scoped: one per request or job run). A writer changes
/// entities on the DbContext and stages here what goes with them: lines of the tenant's history, PBX
/// changes (a ConfigChange each, the tenant's desired version raised in the same transaction), emails
/// (outbox rows) and jobs. <see cref="CommitAsync"/> saves everything in one SaveChanges, commits the
/// caller's open transaction if there is one, and only then enqueues the SIP-core syncs, the emails and
/// the jobs. A commit that fails enqueues nothing and forgets what was staged.</summary>
public sealed class PortalUnitOfWork(PortalDbContext db, EmailOutbox outbox, IBackgroundJobClient jobs, TimeProvider clock,
    Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> text)
{
    private readonly List<(Guid TenantId, string Description, string Actor)> _pbxChanges = [];
    private readonly List<Tenant> _serviceStates = [];
    private readonly List<Action> _afterCommit = [];
    private readonly List<Guid> _emails = [];
    // Owners read for a batch by LoadOwnersAsync (null: the tenant has none); valid until the next commit.
    private Dictionary<Guid, (string? Email, string FullName, string? Culture)?>? _owners;

    public DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Stages a line of the tenant's history with its cause.</summary>
    public void AddEvent(Guid tenantId, string kind, string message, string actor, DateTime? atUtc = null) =>
        db.TenantEvents.Add(new TenantEvent { TenantId = tenantId, AtUtc = atUtc ?? Now, Kind = kind, Message = message, Actor = actor });

    /// <summary>Stages a change of the tenant's PBX, listed on its Changes page and synced to the SIP core after the commit.</summary>
    public void RecordPbxChange(Guid tenantId, string description, string actor) => _pbxChanges.Add((tenantId, description, actor));

    /// <summary>The tenant's service state changed (suspended, resumed, released …): the SIP core must
    /// learn it. Recorded at commit, after the other PBX changes, as "Service state: {status}".</summary>
    public void RecordServiceState(Tenant tenant)
    {
        if (!_serviceStates.Contains(tenant))
        {
            _serviceStates.Add(tenant);
        }
    }

    /// <summary>Stages an email, at most once per dedup key. Returns false when one was already stored under that key.</summary>
    public async Task<bool> EmailAsync(ComposedEmail message, string toAddress, string toName, string? dedupKey, Guid? tenantId, CancellationToken ct)
    {
        var email = await outbox.AddAsync(message, toAddress, toName, dedupKey, tenantId, ct);
        if (email is not null)
        {
            _emails.Add(email.Id);
        }
        return email is not null;
    }

    /// <summary>Stages an email to the tenant's owner (composed from their name and the company's),
    /// at most once per dedup key. Returns true when it was staged now.</summary>
    public async Task<bool> EmailOwnerAsync(Tenant tenant, Func<string, string, ComposedEmail> compose, string dedupKey, CancellationToken ct)
    {
        (string? Email, string FullName, string? Culture)? owner;
        if (_owners is not null && _owners.TryGetValue(tenant.Id, out var known))
        {
            owner = known;
        }
        else
        {
            var row = await db.Users.Where(u => u.TenantId == tenant.Id && u.TenantRole == TenantRole.Owner)
                .Select(u => new { u.Email, u.FullName, u.Culture }).FirstOrDefaultAsync(ct);
            owner = row is null ? null : (row.Email, row.FullName, row.Culture);
        }
        if (owner is not { Email: { } email } o)
        {
            return false;
        }
        ComposedEmail message;
        // In the owner's language (decision 036).
        using (UcPortal.Web.Features.Localisation.PortalCultures.Use(o.Culture))
        {
            message = compose(o.FullName, tenant.Name);
        }
        return await EmailAsync(message, email, o.FullName, dedupKey, tenant.Id, ct);
    }

    /// <summary>Prepares a batch's emails (decision 038): reads the owners of <paramref name="tenantIds"/>
    /// in one query and which of <paramref name="dedupKeys"/> are already stored in another, so
    /// <see cref="EmailOwnerAsync"/> asks the database nothing for them. A key or tenant not named here
    /// is looked up as before. What is read holds until the next commit (or <see cref="Discard"/>).</summary>
    public async Task PrepareEmailsAsync(IReadOnlyCollection<Guid> tenantIds, IEnumerable<string> dedupKeys, CancellationToken ct)
    {
        var ids = tenantIds.Distinct().ToList();
        var rows = await db.Users.Where(u => u.TenantId != null && ids.Contains(u.TenantId.Value) && u.TenantRole == TenantRole.Owner)
            .Select(u => new { TenantId = u.TenantId!.Value, u.Email, u.FullName, u.Culture }).ToListAsync(ct);
        _owners = ids.ToDictionary(id => id, _ => ((string? Email, string FullName, string? Culture)?)null);
        foreach (var row in rows)
        {
            // The first owner found, as FirstOrDefault finds one (a tenant has one owner).
            _owners[row.TenantId] ??= (row.Email, row.FullName, row.Culture);
        }
        await outbox.LoadDedupKeysAsync(dedupKeys, ct);
    }

    /// <summary>Stages a background job, enqueued once the commit succeeded.</summary>
    public void Enqueue<TJob>(Expression<Func<TJob, Task>> job) => _afterCommit.Add(() => jobs.Enqueue(job));

    /// <summary>Forgets what was staged without saving it: for a job whose attempt failed before its
    /// commit and that records the failure with this unit of work.</summary>
    public void Discard()
    {
        ForgetPrepared();
        _emails.Clear();
        _pbxChanges.Clear();
        _serviceStates.Clear();
        _afterCommit.Clear();
    }

    /// <summary>Saves what is staged in one SaveChanges (and commits the open transaction), then enqueues:
    /// a job per SIP-core sync and per email, or when the commit staged several (a lifecycle sweep's
    /// batch), one job for all the syncs and one for all the emails (decision 035: an enqueue is a write
    /// to the job storage, which a sweep of 100,000 tenants paid 66,000 times).</summary>
    public async Task CommitAsync(CancellationToken ct)
    {
        List<Guid> syncs;
        List<Guid> emails;
        List<Action> afterCommit;
        try
        {
            var stateIds = _pbxChanges.Select(c => c.TenantId).Concat(_serviceStates.Select(t => t.Id)).Distinct().ToList();
            Dictionary<Guid, TenantSyncState?>? states = null;
            if (stateIds.Count > 1)
            {
                // One query for the batch's sync states instead of one FindAsync each (and none for a
                // tenant that has none yet: decision 038).
                states = stateIds.ToDictionary(id => id, _ => (TenantSyncState?)null);
                foreach (var state in await db.TenantSyncStates.Where(s => stateIds.Contains(s.TenantId)).ToListAsync(ct))
                {
                    states[state.TenantId] = state;
                }
            }
            foreach (var (tenantId, description, actor) in _pbxChanges)
            {
                await AddConfigChangeAsync(tenantId, description, actor, states, ct);
            }
            foreach (var tenant in _serviceStates)
            {
                await AddConfigChangeAsync(tenant.Id, $"Service state: {tenant.Status}", "lifecycle", states, ct);
            }
            await db.SaveChangesAsync(ct);
            if (db.Database.CurrentTransaction is { } transaction)
            {
                await transaction.CommitAsync(ct);
            }
            syncs = _pbxChanges.Select(c => c.TenantId).Concat(_serviceStates.Select(t => t.Id)).Distinct().ToList();
            afterCommit = [.. _afterCommit];
            emails = [.. _emails];
        }
        finally
        {
            ForgetPrepared();
            _emails.Clear();
            // Committed or not, what was staged belongs to this commit only: nothing of a failed one
            // may go out with the caller's next one.
            _pbxChanges.Clear();
            _serviceStates.Clear();
            _afterCommit.Clear();
        }
        if (syncs.Count > 1)
        {
            var tenantIds = syncs.ToArray();
            jobs.Enqueue<SipCoreSyncJob>(j => j.RunManyAsync(tenantIds, CancellationToken.None));
        }
        else
        {
            foreach (var tenantId in syncs)
            {
                jobs.Enqueue<SipCoreSyncJob>(j => j.RunAsync(tenantId, CancellationToken.None));
            }
        }
        if (emails.Count > 1)
        {
            var emailIds = emails.ToArray();
            jobs.Enqueue<SendOutboxEmailJob>(j => j.RunManyAsync(emailIds, CancellationToken.None));
        }
        else
        {
            foreach (var emailId in emails)
            {
                jobs.Enqueue<SendOutboxEmailJob>(j => j.RunAsync(emailId, CancellationToken.None));
            }
        }
        afterCommit.ForEach(enqueue => enqueue());
    }

    private void ForgetPrepared()
    {
        _owners = null;
        outbox.ForgetDedupKeys();
    }

    /// <summary>Commits a change made from a form. A save that loses a race (a unique key, or the
    /// tenant's version) becomes a message next to the field instead of an error page.</summary>
    /// <param name="conflictField">The field a refused save is about (the number, the name …).</param>
    /// <param name="conflictMessage">Shown there when a unique key refused the save.</param>
    /// <param name="recheck">The handler's own check of that field, asked again after a refused save.
    /// The database made this save wait until the other one was committed, so the check now sees
    /// what the other change took and can say so ("150 is already ring group 150 (Sales).").</param>
    public async Task<FormResult> CommitFormAsync(string conflictField, string conflictMessage, CancellationToken ct,
        Func<CancellationToken, Task<string?>>? recheck = null)
    {
        try
        {
            await CommitAsync(ct);
            return FormResult.Ok();
        }
        catch (DbUpdateException e)
        {
            db.ChangeTracker.Clear();
            if (recheck is not null && await recheck(ct) is { } taken)
            {
                return FormResult.Refused(conflictField, taken);
            }
            // DesiredVersion is a concurrency token: another change of this tenant was saved meanwhile.
            return e is DbUpdateConcurrencyException
                ? FormResult.Refused("", text["Someone else saved a change at the same moment. Please check and save again."])
                : FormResult.Refused(conflictField, conflictMessage);
        }
    }

    /// <summary>A PBX page's change: recorded under the caller's name and committed as <see cref="CommitFormAsync"/>.</summary>
    public Task<FormResult> CommitPbxChangeAsync(TenantCaller caller, string description, string conflictField, string conflictMessage, CancellationToken ct,
        Func<CancellationToken, Task<string?>>? recheck = null)
    {
        RecordPbxChange(caller.TenantId, description, caller.Actor);
        return CommitFormAsync(conflictField, conflictMessage, ct, recheck);
    }

    /// <summary>Numbers the change and raises the tenant's desired version (a concurrency token: two
    /// changes saved at once cannot get one number).</summary>
    /// <summary>A sync state this context tracks (e.g. staged before the commit), looked up by key
    /// without a DetectChanges pass.</summary>
    private TenantSyncState? Tracked(Guid tenantId)
    {
        var detect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            return db.TenantSyncStates.Local.FindEntry(tenantId)?.Entity;
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = detect;
        }
    }

    private async Task AddConfigChangeAsync(Guid tenantId, string description, string actor, Dictionary<Guid, TenantSyncState?>? loaded, CancellationToken ct)
    {
        // FindAsync also sees a state staged earlier in this commit (two changes of a new tenant);
        // a batch's states were read at once, and one staged here is added to them.
        var state = loaded is not null && loaded.TryGetValue(tenantId, out var known)
            ? known ?? Tracked(tenantId)
            : await db.TenantSyncStates.FindAsync([tenantId], ct);
        if (state is null)
        {
            state = new TenantSyncState { TenantId = tenantId, Status = SyncStatus.Pending };
            db.TenantSyncStates.Add(state);
            if (loaded is not null && loaded.ContainsKey(tenantId))
            {
                loaded[tenantId] = state;
            }
        }
        state.DesiredVersion++;
        state.Status = SyncStatus.Pending;
        db.ConfigChanges.Add(new ConfigChange
        {
            TenantId = tenantId,
            Version = state.DesiredVersion,
            Description = description.Length > 300 ? description[..300] : description,
            Actor = actor,
            AtUtc = Now,
        });
    }
}
