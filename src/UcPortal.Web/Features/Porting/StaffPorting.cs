using Microsoft.Extensions.Options;
using UcPortal.Web.Features.Email;
using UcPortal.Web.Features.Numbers;

namespace UcPortal.Web.Features.Porting;

public sealed class PortingQueueFilter
{
    /// <summary>open (the default), submitted, information-needed, date-set, completed, rejected, cancelled or all.</summary>
    public string Status { get; set; } = "open";
    public int Page { get; set; } = 1;
}

public sealed record PortingQueueRow(int Id, string E164, Guid TenantId, string TenantName, string CurrentProvider, PortingStatus Status,
    DateOnly WantedDate, DateOnly? PortDate, DateTime CreatedAtUtc, DateTime UpdatedAtUtc);

public sealed class PortingQueuePage
{
    public const int PageSize = 50;
    public static readonly string[] Filters = ["open", "submitted", "information-needed", "date-set", "completed", "rejected", "cancelled", "all"];
    public required PortingQueueFilter Filter { get; init; }
    public List<PortingQueueRow> Rows { get; init; } = [];
    public int Total { get; init; }
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public Dictionary<PortingStatus, int> Counts { get; init; } = [];
}

public sealed class StaffPortingPage
{
    public required PortingRequest Request { get; init; }
    public required string TenantName { get; init; }
    public required TenantStatus TenantStatus { get; init; }
    public string? OwnerEmail { get; init; }
    public DateOnly Today { get; init; }

    /// <summary>What the staff member typed, shown again with a refusal.</summary>
    public string? Question { get; init; }
    public string? Reason { get; init; }
    public string? PortDate { get; init; }
}

/// <summary>The staff side of number porting: the queue, a request's page, and the steps (ask for more
/// information, set the date, complete, reject). Each step is allowed by <see cref="PortingRules"/> only,
/// writes one audit line and a line of the tenant's history, and emails the tenant's owner, all in one commit.
/// Completing puts the number on the tenant (a new inventory row, or the existing unowned one) with a PBX change,
/// so the SIP core routes it like a bought number (to the first extension until the tenant routes it).</summary>
public sealed class StaffPorting(PortalDbContext db, PortalUnitOfWork unitOfWork, StaffAudit audit, EmailTemplates templates, PortalLinks links,
    PortingStorage storage, TimeProvider clock)
{
    public async Task<PortingQueuePage> QueueAsync(PortingQueueFilter filter, CancellationToken ct)
    {
        filter.Page = Math.Max(1, filter.Page);
        filter.Status = PortingQueuePage.Filters.Contains(filter.Status) ? filter.Status : "open";
        var q = db.PortingRequests.AsNoTracking();
        var counts = await q.GroupBy(r => r.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        q = filter.Status switch
        {
            "open" => q.Where(r => r.Status == PortingStatus.Submitted || r.Status == PortingStatus.InformationNeeded || r.Status == PortingStatus.DateSet),
            "submitted" => q.Where(r => r.Status == PortingStatus.Submitted),
            "information-needed" => q.Where(r => r.Status == PortingStatus.InformationNeeded),
            "date-set" => q.Where(r => r.Status == PortingStatus.DateSet),
            "completed" => q.Where(r => r.Status == PortingStatus.Completed),
            "rejected" => q.Where(r => r.Status == PortingStatus.Rejected),
            "cancelled" => q.Where(r => r.Status == PortingStatus.Cancelled),
            _ => q,
        };
        var total = await q.CountAsync(ct);
        // Open work: the request waiting longest first. Closed ones: the latest first.
        var closed = filter.Status is "completed" or "rejected" or "cancelled" or "all";
        var ordered = closed ? q.OrderByDescending(r => r.UpdatedAtUtc).ThenByDescending(r => r.Id) : q.OrderBy(r => r.CreatedAtUtc).ThenBy(r => r.Id);
        var rows = await ordered.Skip((filter.Page - 1) * PortingQueuePage.PageSize).Take(PortingQueuePage.PageSize)
            .Select(r => new PortingQueueRow(r.Id, r.E164, r.TenantId, r.Tenant!.Name, r.CurrentProvider, r.Status, r.WantedDate, r.PortDate, r.CreatedAtUtc, r.UpdatedAtUtc))
            .ToListAsync(ct);
        return new PortingQueuePage { Filter = filter, Rows = rows, Total = total, Counts = counts };
    }

    public async Task<StaffPortingPage?> GetAsync(int id, string? question, string? reason, string? portDate, CancellationToken ct)
    {
        var request = await db.PortingRequests.AsNoTracking().Include(r => r.Tenant).SingleOrDefaultAsync(r => r.Id == id, ct);
        if (request is null)
        {
            return null;
        }
        var owner = await db.Users.Where(u => u.TenantId == request.TenantId && u.TenantRole == TenantRole.Owner).Select(u => u.Email).FirstOrDefaultAsync(ct);
        return new StaffPortingPage
        {
            Request = request, TenantName = request.Tenant!.Name, TenantStatus = request.Tenant.Status, OwnerEmail = owner,
            Today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), Question = question, Reason = reason, PortDate = portDate,
        };
    }

    /// <summary>The letter's file; reading it is audited (it holds the customer's signature and account details).</summary>
    public async Task<(string Path, PortingRequest Request)?> LetterAsync(int id, CancellationToken ct)
    {
        var request = await db.PortingRequests.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct);
        if (request is null || !File.Exists(storage.PathOf(request.TenantId, request.LoaFileName)))
        {
            return null;
        }
        audit.Record(AuditActions.PortingLetterViewed, request.TenantId, Target(request), request.LoaOriginalName);
        await unitOfWork.CommitAsync(ct);
        return (storage.PathOf(request.TenantId, request.LoaFileName), request);
    }

    public async Task<FormResult> AskAsync(int id, StaffMember staff, string? question, CancellationToken ct)
    {
        var text = TenantPorting.Clean(question, multiline: true);
        return await StepAsync(id, staff, PortingStep.AskForInformation, ct, request =>
        {
            if (text.Length is 0 or > PortingRequestLimits.Text)
            {
                return text.Length == 0 ? ("Question", "Write what the customer must tell or send.") : ("Question", $"Keep it under {PortingRequestLimits.Text:N0} characters.");
            }
            request.StaffQuestion = text;
            return null;
        }, AuditActions.PortingInformationRequested, text, "asked for more information", "More information asked.");
    }

    public async Task<FormResult> SetDateAsync(int id, StaffMember staff, string? portDate, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        DateOnly date = default;
        return await StepAsync(id, staff, PortingStep.SetDate, ct, request =>
        {
            if (!DateOnly.TryParseExact(portDate ?? "", "yyyy-MM-dd", out date))
            {
                return ("PortDate", "Choose the day agreed with the losing provider.");
            }
            if (date < today)
            {
                return ("PortDate", "This day is in the past.");
            }
            if (!PortingRules.IsBusinessDay(date))
            {
                return ("PortDate", "Numbers move on business days (Monday to Friday).");
            }
            request.PortDate = date;
            return null;
        }, AuditActions.PortingDateSet, $"{portDate}", $"porting date set: {portDate}", $"The porting date is set.");
    }

    public async Task<FormResult> RejectAsync(int id, StaffMember staff, string? reason, CancellationToken ct)
    {
        var text = TenantPorting.Clean(reason, multiline: true);
        return await StepAsync(id, staff, PortingStep.Reject, ct, request =>
        {
            if (text.Length is 0 or > PortingRequestLimits.Text)
            {
                return text.Length == 0 ? ("Reason", "Write the reason: the customer reads it.") : ("Reason", $"Keep it under {PortingRequestLimits.Text:N0} characters.");
            }
            request.RejectionReason = text;
            return null;
        }, AuditActions.PortingRejected, text, "rejected", "The request is rejected.");
    }

    public async Task<FormResult> CompleteAsync(int id, StaffMember staff, CancellationToken ct)
    {
        // One transaction: the number's row is taken with a compare-and-set that must see it unowned.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var request = await db.PortingRequests.Include(r => r.Tenant).SingleOrDefaultAsync(r => r.Id == id, ct);
        if (request is null)
        {
            return FormResult.Missing();
        }
        if (PortingRules.WhyNot(request.Status, PortingStep.Complete) is { } why)
        {
            return FormResult.Refused("", why);
        }
        var tenant = request.Tenant!;
        if (tenant.Status is TenantStatus.Released or TenantStatus.Purged)
        {
            return FormResult.Refused("", "The customer's account is closed: reject the request instead.");
        }
        var now = unitOfWork.Now;
        var existing = await db.PhoneNumbers.Where(n => n.E164 == request.E164).Select(n => new { n.Id, n.TenantId }).SingleOrDefaultAsync(ct);
        if (existing is not null)
        {
            var taken = await db.PhoneNumbers
                .Where(n => n.Id == existing.Id && n.TenantId == null)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(n => n.Status, NumberStatus.Assigned)
                    .SetProperty(n => n.Pool, NumberPool.Paid)
                    .SetProperty(n => n.TenantId, request.TenantId)
                    .SetProperty(n => n.AssignedAtUtc, now)
                    .SetProperty(n => n.QuarantinedUntilUtc, (DateTime?)null)
                    .SetProperty(n => n.EmergencyAddress, (string?)null), ct);
            if (taken == 0)
            {
                return FormResult.Refused("", "This number is in use on another account in the inventory: it cannot join this customer. Reject the request, or free the number first.");
            }
            request.PhoneNumberId = existing.Id;
        }
        else
        {
            request.PhoneNumber = new PhoneNumber
            {
                E164 = request.E164, Country = request.Country, Region = "", City = "Ported", Type = request.NumberType,
                Pool = NumberPool.Paid, Status = NumberStatus.Assigned, TenantId = request.TenantId, AssignedAtUtc = now,
            };
        }
        PortingMoves.Apply(request, PortingStep.Complete, now);
        var number = PhoneDisplay.Format(request.E164);
        unitOfWork.RecordPbxChange(request.TenantId, $"Number {number} ported in from {request.CurrentProvider}", Actor(staff));
        unitOfWork.AddEvent(request.TenantId, "porting", $"Port of {number} completed: the number is on the account", Actor(staff));
        audit.Record(AuditActions.PortingCompleted, request.TenantId, Target(request), existing is null ? "new inventory row" : "existing inventory row assigned");
        await EmailOwnerAsync(request, null, ct);
        var committed = await PortingMoves.CommitAsync(unitOfWork, db, request, ct);
        return committed.Succeeded ? FormResult.Ok($"Completed: {number} is on {tenant.Name}'s account and is being set up in the SIP core.") : committed;
    }

    /// <summary>A step that changes the request's status: the state machine first, then the step's own check of what staff typed.</summary>
    private async Task<FormResult> StepAsync(int id, StaffMember staff, PortingStep step, CancellationToken ct,
        Func<PortingRequest, (string Field, string Message)?> apply, string auditAction, string detail, string history, string done)
    {
        var request = await db.PortingRequests.Include(r => r.Tenant).SingleOrDefaultAsync(r => r.Id == id, ct);
        if (request is null)
        {
            return FormResult.Missing();
        }
        if (PortingRules.WhyNot(request.Status, step) is { } why)
        {
            return FormResult.Refused("", why);
        }
        if (apply(request) is { } refused)
        {
            return FormResult.Refused(refused.Field, refused.Message);
        }
        PortingMoves.Apply(request, step, unitOfWork.Now);
        unitOfWork.AddEvent(request.TenantId, "porting", $"Port of {PhoneDisplay.Format(request.E164)}: {history}", Actor(staff));
        audit.Record(auditAction, request.TenantId, Target(request), detail);
        var emailed = await EmailOwnerAsync(request, step switch
        {
            PortingStep.AskForInformation => request.StaffQuestion,
            PortingStep.Reject => request.RejectionReason,
            _ => null,
        }, ct);
        var committed = await PortingMoves.CommitAsync(unitOfWork, db, request, ct);
        return committed.Succeeded ? FormResult.Ok(done + (emailed ? " The customer's owner is emailed." : " The account has no owner to email.")) : committed;
    }

    private Task<bool> EmailOwnerAsync(PortingRequest request, string? detail, CancellationToken ct) =>
        unitOfWork.EmailOwnerAsync(request.Tenant!,
            (name, _) => templates.PortingStatusChanged(name, request.Id, request.E164, request.Status, detail, request.PortDate, links.To($"/pbx/porting/{request.Id}")),
            $"porting:{request.Id}:{request.Version}", ct);

    private static string Target(PortingRequest request) => $"Port #{request.Id}: {PhoneDisplay.Format(request.E164)}";

    private static string Actor(StaffMember staff) => "staff:" + staff.Email;
}
