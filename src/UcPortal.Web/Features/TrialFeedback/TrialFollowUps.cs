using System.Globalization;

namespace UcPortal.Web.Features.TrialFeedback;

public sealed record FollowUpRow(
    int Id, Guid TenantId, string Company, DateTime TrialEndedAtUtc, TrialExitReason? Reason, string? ReasonText,
    int MinutesUsed, int Calls, int Extensions, bool Registered, string? AssignedToUserId, string? AssignedTo,
    DateOnly? FollowUpOn, string Notes, DateTime? ClosedAtUtc)
{
    public bool IsDue(DateOnly today) => ClosedAtUtc is null && FollowUpOn is { } on && on <= today;
}

public sealed record StaffChoice(string UserId, string Name);

public sealed class FollowUpForm
{
    public string? AssignedToUserId { get; set; }
    public string? FollowUpOn { get; set; }
    public string? Notes { get; set; }
    public bool Closed { get; set; }
}

/// <summary>The staff list of trials that ended without converting: due follow-ups first (oldest date
/// first), then scheduled ones by date, then unscheduled ones, newest end first. Closed ones only on
/// request. Each row has the prospect's answer and what they did during the trial.</summary>
public sealed class TrialFollowUpList(PortalDbContext db)
{
    public const int MaxRows = 200;

    public async Task<List<FollowUpRow>> ListAsync(DateOnly today, string? assignedTo, bool closed, CancellationToken ct)
    {
        var query = db.TrialFollowUps.AsNoTracking().Where(f => closed ? f.ClosedAtUtc != null : f.ClosedAtUtc == null);
        if (!string.IsNullOrEmpty(assignedTo))
        {
            query = query.Where(f => f.AssignedToUserId == assignedTo);
        }
        var rows = await query
            .OrderBy(f => f.FollowUpOn == null ? 1 : 0).ThenBy(f => f.FollowUpOn).ThenByDescending(f => f.TrialEndedAtUtc)
            .Take(MaxRows)
            .Select(f => new
            {
                f.Id, f.TenantId, Company = f.Tenant!.Name, f.TrialEndedAtUtc, f.Reason, f.ReasonText, f.Tenant.UsedCreditSeconds,
                Calls = db.CallRecords.Count(c => c.TenantId == f.TenantId),
                Extensions = db.Extensions.Count(e => e.TenantId == f.TenantId),
                Registered = f.Tenant.FirstRegistrationAtUtc != null,
                f.AssignedToUserId,
                AssignedTo = db.Users.Where(u => u.Id == f.AssignedToUserId).Select(u => u.FullName).FirstOrDefault(),
                f.FollowUpOn, f.Notes, f.ClosedAtUtc,
            })
            .ToListAsync(ct);
        return rows.Select(r => new FollowUpRow(r.Id, r.TenantId, r.Company, r.TrialEndedAtUtc, r.Reason, r.ReasonText, r.UsedCreditSeconds / 60,
                r.Calls, r.Extensions, r.Registered, r.AssignedToUserId, r.AssignedTo, r.FollowUpOn, r.Notes, r.ClosedAtUtc))
            // Due first: the database sorts by date, this lifts the due ones (date ≤ today) above the later ones.
            .OrderBy(r => r.IsDue(today) ? 0 : r.FollowUpOn is null ? 2 : 1)
            .ToList();
    }

    public async Task<List<StaffChoice>> StaffAsync(CancellationToken ct) =>
        (await db.UserRoles
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .Where(x => x.Name == StaffRoles.Support || x.Name == StaffRoles.Admin)
            .Join(db.Users, x => x.UserId, u => u.Id, (x, u) => new { u.Id, u.FullName, u.Email })
            .Distinct()
            .ToListAsync(ct))
        .Select(u => new StaffChoice(u.Id, string.IsNullOrWhiteSpace(u.FullName) ? u.Email ?? u.Id : $"{u.FullName} ({u.Email})"))
        .OrderBy(u => u.Name, StringComparer.OrdinalIgnoreCase).ToList();
}

/// <summary>Staff change a follow-up (assignee, date, notes, closed), audited with what changed.</summary>
public sealed class TrialFollowUpChanges(PortalDbContext db, PortalUnitOfWork unitOfWork, StaffAudit audit, TrialFollowUpList list)
{
    public const int MaxNotesLength = 4000;

    public async Task<FormResult> SaveAsync(int id, FollowUpForm form, CancellationToken ct)
    {
        var followUp = await db.TrialFollowUps.Include(f => f.Tenant).SingleOrDefaultAsync(f => f.Id == id, ct);
        if (followUp is null)
        {
            return FormResult.Missing();
        }
        var errors = new Dictionary<string, string>();
        var assignee = string.IsNullOrWhiteSpace(form.AssignedToUserId) ? null : form.AssignedToUserId.Trim();
        if (assignee is not null && !(await list.StaffAsync(ct)).Any(s => s.UserId == assignee))
        {
            errors["AssignedToUserId"] = "Choose a member of staff.";
        }
        DateOnly? on = null;
        if (!string.IsNullOrWhiteSpace(form.FollowUpOn))
        {
            if (DateOnly.TryParseExact(form.FollowUpOn.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
                && parsed.Year is >= 2000 and <= 2100)
            {
                on = parsed;
            }
            else
            {
                errors["FollowUpOn"] = "Enter a date as YYYY-MM-DD, or leave it empty.";
            }
        }
        var notes = (form.Notes ?? "").Trim();
        if (notes.Length > MaxNotesLength)
        {
            errors["Notes"] = $"Notes are limited to {MaxNotesLength} characters.";
        }
        if (errors.Count > 0)
        {
            return FormResult.Refused(errors);
        }

        var changes = new List<string>();
        if (followUp.AssignedToUserId != assignee)
        {
            var name = assignee is null ? "nobody" : await db.Users.Where(u => u.Id == assignee).Select(u => u.Email).SingleAsync(ct);
            changes.Add($"assigned to {name}");
        }
        if (followUp.FollowUpOn != on)
        {
            changes.Add(on is null ? "follow-up date cleared" : $"follow up on {on:yyyy-MM-dd}");
        }
        if (followUp.Notes != notes)
        {
            changes.Add("notes changed");
        }
        if ((followUp.ClosedAtUtc is not null) != form.Closed)
        {
            changes.Add(form.Closed ? "closed" : "reopened");
        }
        if (changes.Count == 0)
        {
            return FormResult.Ok("Nothing changed.");
        }
        followUp.AssignedToUserId = assignee;
        followUp.FollowUpOn = on;
        followUp.Notes = notes;
        followUp.ClosedAtUtc = form.Closed ? followUp.ClosedAtUtc ?? unitOfWork.Now : null;
        var detail = string.Join("; ", changes);
        audit.Record(AuditActions.TrialFollowUpChanged, tenantId: followUp.TenantId, target: followUp.Tenant!.Name, detail: detail);
        await unitOfWork.CommitAsync(ct);
        return FormResult.Ok($"Follow-up of {followUp.Tenant.Name} saved: {detail}.");
    }
}
