using UcPortal.Web.Features.Email;

namespace UcPortal.Web.Features.HelpDesk;

public sealed class TicketQueueFilter
{
    /// <summary>open, waiting, closed or all.</summary>
    public string Status { get; set; } = "open";

    /// <summary>me, unassigned, or empty for anyone.</summary>
    public string? Assigned { get; set; }
    public Guid? Tenant { get; set; }

    /// <summary>A ticket number, or words of the subject, the company name or the customer's email.</summary>
    public string? Q { get; set; }
    public int Page { get; set; } = 1;
}

public sealed record QueueRow(int Id, string Subject, TicketCategory Category, TicketStatus Status, Guid TenantId, string TenantName,
    string? AssignedToEmail, DateTime CreatedAtUtc, DateTime UpdatedAtUtc, bool LastFromStaff);

public sealed class TicketQueuePage
{
    public const int PageSize = 25;
    public required TicketQueueFilter Filter { get; init; }
    public List<QueueRow> Rows { get; init; } = [];
    public int Total { get; init; }
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public Dictionary<TicketStatus, int> Counts { get; init; } = [];
    public string? TenantName { get; init; }
}

public sealed record StaffOption(string UserId, string Email, string FullName);

public sealed class StaffTicketPage
{
    public required TicketThread Thread { get; init; }
    public List<StaffOption> Staff { get; init; } = [];
    public int OtherOpenTicketsOfTenant { get; init; }
}

public enum AfterReply
{
    /// <summary>The usual case: we answered or asked something, the customer has the next move.</summary>
    WaitOnCustomer,
    KeepOpen,
    Close,
}

/// <summary>The staff side of the help desk: the queue, replies (the customer is emailed with a link to
/// the ticket), assignment, close and reopen. Each action writes one audit line.</summary>
public sealed class StaffTickets(PortalDbContext db, PortalUnitOfWork unitOfWork, StaffAudit audit, EmailTemplates templates, PortalLinks links)
{
    public async Task<TicketQueuePage> QueueAsync(TicketQueueFilter filter, string staffUserId, CancellationToken ct)
    {
        filter.Page = Math.Max(1, filter.Page);
        filter.Status = filter.Status is "open" or "waiting" or "closed" or "all" ? filter.Status : "open";
        var q = db.SupportTickets.AsNoTracking();
        if (filter.Tenant is { } tenantId)
        {
            q = q.Where(t => t.TenantId == tenantId);
        }
        if (filter.Assigned == "me")
        {
            q = q.Where(t => t.AssignedToUserId == staffUserId);
        }
        else if (filter.Assigned == "unassigned")
        {
            q = q.Where(t => t.AssignedToUserId == null);
        }
        var text = (filter.Q ?? "").Trim();
        if (text.Length > 100)
        {
            text = text[..100];
        }
        if (text.TrimStart('#') is { Length: > 0 } number && int.TryParse(number, out var id))
        {
            q = q.Where(t => t.Id == id);
        }
        else if (text.Length > 0)
        {
            var word = text.ToLowerInvariant();
            q = q.Where(t => t.Subject.ToLower().Contains(word) || t.Tenant!.Name.ToLower().Contains(word)
                || db.Users.Any(u => u.Id == t.OpenedByUserId && u.Email!.ToLower().Contains(word)));
        }
        var counts = await q.GroupBy(t => t.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var status = filter.Status switch
        {
            "waiting" => TicketStatus.WaitingOnCustomer,
            "closed" => TicketStatus.Closed,
            _ => TicketStatus.Open,
        };
        if (filter.Status != "all")
        {
            q = q.Where(t => t.Status == status);
        }
        var total = await q.CountAsync(ct);
        // Open tickets: the one waiting longest first. Others: the latest activity first.
        var ordered = filter.Status == "open" ? q.OrderBy(t => t.UpdatedAtUtc).ThenBy(t => t.Id) : q.OrderByDescending(t => t.UpdatedAtUtc).ThenByDescending(t => t.Id);
        var rows = await ordered.Skip((filter.Page - 1) * TicketQueuePage.PageSize).Take(TicketQueuePage.PageSize)
            .Select(t => new QueueRow(t.Id, t.Subject, t.Category, t.Status, t.TenantId, t.Tenant!.Name, t.AssignedToEmail, t.CreatedAtUtc, t.UpdatedAtUtc,
                t.Messages.OrderByDescending(m => m.Id).Select(m => m.FromStaff).FirstOrDefault()))
            .ToListAsync(ct);
        return new TicketQueuePage
        {
            Filter = filter, Rows = rows, Total = total, Counts = counts,
            TenantName = filter.Tenant is { } t ? await db.Tenants.Where(x => x.Id == t).Select(x => x.Name).SingleOrDefaultAsync(ct) : null,
        };
    }

    /// <summary>The few most recent tickets of one tenant, for its staff page.</summary>
    public Task<List<QueueRow>> OfTenantAsync(Guid tenantId, int take, CancellationToken ct) =>
        db.SupportTickets.AsNoTracking().Where(t => t.TenantId == tenantId)
            .OrderBy(t => t.Status == TicketStatus.Closed).ThenByDescending(t => t.UpdatedAtUtc).Take(take)
            .Select(t => new QueueRow(t.Id, t.Subject, t.Category, t.Status, t.TenantId, t.Tenant!.Name, t.AssignedToEmail, t.CreatedAtUtc, t.UpdatedAtUtc,
                t.Messages.OrderByDescending(m => m.Id).Select(m => m.FromStaff).FirstOrDefault()))
            .ToListAsync(ct);

    public async Task<StaffTicketPage?> GetAsync(int id, string? reply, CancellationToken ct)
    {
        var ticket = await db.SupportTickets.AsNoTracking().Include(t => t.Tenant).Include(t => t.Messages.OrderBy(m => m.Id)).SingleOrDefaultAsync(t => t.Id == id, ct);
        if (ticket is null)
        {
            return null;
        }
        var opener = await db.Users.Where(u => u.Id == ticket.OpenedByUserId).Select(u => new { u.Email, u.FullName }).SingleOrDefaultAsync(ct);
        return new StaffTicketPage
        {
            Thread = new TicketThread { Ticket = ticket, TenantName = ticket.Tenant!.Name, OpenedByEmail = opener?.Email, OpenedByName = opener?.FullName, Reply = reply },
            Staff = await StaffAsync(ct),
            OtherOpenTicketsOfTenant = await db.SupportTickets.CountAsync(t => t.TenantId == ticket.TenantId && t.Id != id && t.Status != TicketStatus.Closed, ct),
        };
    }

    public async Task<FormResult> ReplyAsync(int id, StaffMember staff, string? body, AfterReply after, CancellationToken ct)
    {
        var ticket = await db.SupportTickets.Include(t => t.Tenant).SingleOrDefaultAsync(t => t.Id == id, ct);
        if (ticket is null)
        {
            return FormResult.Missing();
        }
        var message = TicketText.Clean(body);
        if (CustomerTickets.MessageError(message) is { } error)
        {
            return FormResult.Refused("Reply", error);
        }
        if (!Enum.IsDefined(after))
        {
            return FormResult.Refused("Reply", "Choose what happens to the ticket after the reply.");
        }
        var now = unitOfWork.Now;
        var reply = new SupportTicketMessage
        {
            TicketId = ticket.Id, AuthorUserId = staff.UserId, FromStaff = true, Body = message, AtUtc = now,
            AuthorName = TicketText.Clip(string.IsNullOrWhiteSpace(staff.FullName) ? "Support" : staff.FullName, 200),
        };
        db.SupportTicketMessages.Add(reply);
        var before = ticket.Status;
        ticket.Status = after switch
        {
            AfterReply.Close => TicketStatus.Closed,
            AfterReply.KeepOpen => TicketStatus.Open,
            _ => TicketStatus.WaitingOnCustomer,
        };
        ticket.ClosedAtUtc = ticket.Status == TicketStatus.Closed ? now : null;
        ticket.UpdatedAtUtc = now;
        // Whoever answers an unassigned ticket takes it, so a second person does not answer it too.
        if (ticket.AssignedToUserId is null)
        {
            ticket.AssignedToUserId = staff.UserId;
            ticket.AssignedToEmail = staff.Email;
        }
        var opener = await db.Users.Where(u => u.Id == ticket.OpenedByUserId && u.TenantId == ticket.TenantId)
            .Select(u => new { u.Email, u.FullName, u.Culture }).SingleOrDefaultAsync(ct);
        if (opener?.Email is not null)
        {
            await unitOfWork.EmailAsync(
                templates.In(opener.Culture, t => t.TicketReply(opener.FullName, ticket.Id, ticket.Subject, reply.AuthorName, message, ticket.Status == TicketStatus.Closed, links.To($"/support/{ticket.Id}"))),
                opener.Email, opener.FullName, null, ticket.TenantId, ct);
        }
        audit.Record(AuditActions.TicketReplied, ticket.TenantId, $"Ticket #{ticket.Id}: {ticket.Subject}",
            $"{message.Length} characters; {TicketText.Describe(before)} → {TicketText.Describe(ticket.Status)}; " + (opener?.Email is null ? "the customer who opened it has left the account: no email." : "emailed " + opener.Email));
        if (ticket.Status == TicketStatus.Closed && before != TicketStatus.Closed)
        {
            unitOfWork.AddEvent(ticket.TenantId, "ticket-closed", $"Support ticket #{ticket.Id} answered and closed: {ticket.Subject}", "staff:" + staff.Email, now);
        }
        await unitOfWork.CommitAsync(ct);
        return FormResult.Ok(opener?.Email is null ? "Reply saved. The customer who opened the ticket has left the account, so nobody was emailed." : $"Reply sent; {opener.Email} is emailed.");
    }

    public async Task<FormResult> AssignAsync(int id, StaffMember staff, string? userId, CancellationToken ct)
    {
        var ticket = await db.SupportTickets.SingleOrDefaultAsync(t => t.Id == id, ct);
        if (ticket is null)
        {
            return FormResult.Missing();
        }
        StaffOption? assignee = null;
        if (!string.IsNullOrEmpty(userId))
        {
            assignee = (await StaffAsync(ct)).FirstOrDefault(s => s.UserId == userId);
            if (assignee is null)
            {
                return FormResult.Refused("AssignTo", "Choose a member of staff.");
            }
        }
        if (ticket.AssignedToUserId == assignee?.UserId)
        {
            return FormResult.Ok(assignee is null ? "Nobody was assigned." : $"Already assigned to {assignee.Email}.");
        }
        var before = ticket.AssignedToEmail ?? "nobody";
        ticket.AssignedToUserId = assignee?.UserId;
        ticket.AssignedToEmail = assignee?.Email;
        audit.Record(AuditActions.TicketAssigned, ticket.TenantId, $"Ticket #{ticket.Id}: {ticket.Subject}", $"{before} → {assignee?.Email ?? "nobody"}");
        await unitOfWork.CommitAsync(ct);
        return FormResult.Ok(assignee is null ? "Nobody is assigned now." : $"Assigned to {assignee.Email}.");
    }

    public Task<FormResult> CloseAsync(int id, StaffMember staff, CancellationToken ct) => ChangeStatusAsync(id, staff, close: true, ct);

    public Task<FormResult> ReopenAsync(int id, StaffMember staff, CancellationToken ct) => ChangeStatusAsync(id, staff, close: false, ct);

    private async Task<FormResult> ChangeStatusAsync(int id, StaffMember staff, bool close, CancellationToken ct)
    {
        var ticket = await db.SupportTickets.SingleOrDefaultAsync(t => t.Id == id, ct);
        if (ticket is null)
        {
            return FormResult.Missing();
        }
        if (close == (ticket.Status == TicketStatus.Closed))
        {
            return FormResult.Refused("", close ? "The ticket is already closed." : "The ticket is already open.");
        }
        var now = unitOfWork.Now;
        ticket.Status = close ? TicketStatus.Closed : TicketStatus.Open;
        ticket.ClosedAtUtc = close ? now : null;
        ticket.UpdatedAtUtc = now;
        audit.Record(close ? AuditActions.TicketClosed : AuditActions.TicketReopened, ticket.TenantId, $"Ticket #{ticket.Id}: {ticket.Subject}");
        unitOfWork.AddEvent(ticket.TenantId, close ? "ticket-closed" : "ticket-reopened",
            $"Support ticket #{ticket.Id} {(close ? "closed" : "reopened")}: {ticket.Subject}", "staff:" + staff.Email, now);
        await unitOfWork.CommitAsync(ct);
        return FormResult.Ok(close ? $"Ticket #{ticket.Id} is closed." : $"Ticket #{ticket.Id} is open again.");
    }

    /// <summary>Staff who can take tickets: holders of a staff role whose account is not locked (removed staff are locked).</summary>
    private async Task<List<StaffOption>> StaffAsync(CancellationToken ct)
    {
        var users = await db.UserRoles
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .Where(x => x.Name == StaffRoles.Support || x.Name == StaffRoles.Admin)
            .Join(db.Users, x => x.UserId, u => u.Id, (x, u) => new { u.Id, u.Email, u.FullName, u.LockoutEnd })
            .ToListAsync(ct);
        // LockoutEnd is compared here: SQLite cannot compare DateTimeOffset values in a query.
        var now = DateTimeOffset.UtcNow;
        return users.Where(u => u.LockoutEnd is null || u.LockoutEnd < now)
            .DistinctBy(u => u.Id)
            .Select(u => new StaffOption(u.Id, u.Email ?? "", u.FullName))
            .OrderBy(s => s.Email, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }
}
