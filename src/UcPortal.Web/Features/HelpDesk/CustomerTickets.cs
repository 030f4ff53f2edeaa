using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace UcPortal.Web.Features.HelpDesk;

public sealed class OpenTicketForm
{
    public string? Subject { get; set; }
    public TicketCategory? Category { get; set; }
    public string? Message { get; set; }
}

public sealed record TicketRow(int Id, string Subject, TicketCategory Category, TicketStatus Status, DateTime CreatedAtUtc, DateTime UpdatedAtUtc, int Messages, bool LastFromStaff);

public sealed class TicketThread
{
    public required SupportTicket Ticket { get; init; }
    public required string TenantName { get; init; }
    public string? OpenedByEmail { get; init; }
    public string? OpenedByName { get; init; }
    public string? Reply { get; init; }
}

/// <summary>The customer's side of the help desk. Every query starts from the caller's tenant: another
/// tenant's ticket id looks exactly like one that does not exist. Owners and admins see all of their
/// company's tickets; a member sees the ones they opened.</summary>
public sealed class CustomerTickets(PortalDbContext db, PortalUnitOfWork unitOfWork, IOptions<HelpDeskOptions> options, IStringLocalizer<SharedResource> t)
{
    public Task<List<TicketRow>> ListAsync(TenantCaller caller, CancellationToken ct) =>
        Visible(caller)
            .OrderBy(t => t.Status == TicketStatus.Closed).ThenByDescending(t => t.UpdatedAtUtc)
            .Take(200)
            .Select(t => new TicketRow(t.Id, t.Subject, t.Category, t.Status, t.CreatedAtUtc, t.UpdatedAtUtc, t.Messages.Count,
                t.Messages.OrderByDescending(m => m.Id).Select(m => m.FromStaff).FirstOrDefault()))
            .ToListAsync(ct);

    public async Task<TicketThread?> GetAsync(TenantCaller caller, int id, string? reply, CancellationToken ct)
    {
        var ticket = await Visible(caller).AsNoTracking().Include(t => t.Messages.OrderBy(m => m.Id)).SingleOrDefaultAsync(t => t.Id == id, ct);
        return ticket is null ? null : new TicketThread { Ticket = ticket, TenantName = caller.Tenant.Name, Reply = reply };
    }

    public async Task<FormResult<int>> OpenAsync(TenantCaller caller, OpenTicketForm form, CancellationToken ct)
    {
        var subject = TicketText.Clean(form.Subject);
        var message = TicketText.Clean(form.Message);
        var errors = new Dictionary<string, string>();
        if (subject.Length < 3)
        {
            errors[nameof(form.Subject)] = t["Say in a few words what it is about."];
        }
        else if (subject.Length > SupportTicketLimits.Subject || subject.Contains('\n'))
        {
            errors[nameof(form.Subject)] = t["Keep the subject to one line of at most {0} characters.", SupportTicketLimits.Subject];
        }
        if (form.Category is not { } category || !Enum.IsDefined(category))
        {
            errors[nameof(form.Category)] = t["Choose what the question is about."];
            category = TicketCategory.Other;
        }
        if (MessageError(message, t) is { } error)
        {
            errors[nameof(form.Message)] = error;
        }
        if (errors.Count > 0)
        {
            return FormResult.Refused(errors).With(0);
        }
        var now = unitOfWork.Now;
        var limit = Math.Max(1, options.Value.TicketsPerTenantPerHour);
        var lastHour = await db.SupportTickets.CountAsync(t => t.TenantId == caller.TenantId && t.CreatedAtUtc > now.AddHours(-1), ct);
        if (lastHour >= limit)
        {
            return FormResult<int>.Refused("", t["Your account opened {0} tickets in the last hour, the most we accept. Please add to one of your open tickets, or try again later.", lastHour]);
        }
        var ticket = new SupportTicket
        {
            TenantId = caller.TenantId,
            OpenedByUserId = caller.User.Id,
            Subject = subject,
            Category = category,
            Status = TicketStatus.Open,
            CreatedAtUtc = now,
            UpdatedAtUtc = now,
            Messages = [new SupportTicketMessage { AuthorUserId = caller.User.Id, AuthorName = AuthorName(caller), Body = message, AtUtc = now }],
        };
        db.SupportTickets.Add(ticket);
        unitOfWork.AddEvent(caller.TenantId, "ticket-opened", $"Support ticket opened: {subject}", caller.Actor, now);
        await unitOfWork.CommitAsync(ct);
        return FormResult<int>.Ok(ticket.Id, t["Ticket #{0} is open. We answer here and by email.", ticket.Id]);
    }

    /// <summary>A reply from the customer: support has the next move again, so a ticket waiting on the
    /// customer, or a closed one, is open again.</summary>
    public async Task<FormResult> ReplyAsync(TenantCaller caller, int id, string? body, CancellationToken ct)
    {
        var ticket = await Visible(caller).SingleOrDefaultAsync(t => t.Id == id, ct);
        if (ticket is null)
        {
            return FormResult.Missing();
        }
        var message = TicketText.Clean(body);
        if (MessageError(message, t) is { } error)
        {
            return FormResult.Refused("Reply", error);
        }
        var now = unitOfWork.Now;
        db.SupportTicketMessages.Add(new SupportTicketMessage { TicketId = ticket.Id, AuthorUserId = caller.User.Id, AuthorName = AuthorName(caller), Body = message, AtUtc = now });
        var wasClosed = ticket.Status == TicketStatus.Closed;
        ticket.Status = TicketStatus.Open;
        ticket.ClosedAtUtc = null;
        ticket.UpdatedAtUtc = now;
        if (wasClosed)
        {
            unitOfWork.AddEvent(caller.TenantId, "ticket-reopened", $"Support ticket #{ticket.Id} reopened by a reply: {ticket.Subject}", caller.Actor, now);
        }
        await unitOfWork.CommitAsync(ct);
        return FormResult.Ok(wasClosed ? t["Your reply is sent and the ticket is open again."] : t["Your reply is sent."]);
    }

    /// <summary>Without a localizer (the staff side, which stays English) the English text.</summary>
    internal static string? MessageError(string message, IStringLocalizer<SharedResource>? t = null) =>
        message.Length < 10 ? Say(t, "Tell us a little more (at least 10 characters).")
        : message.Length > SupportTicketLimits.Message ? Say(t, "Keep it under {0:N0} characters ({1:N0} now). Send the rest in a reply.", SupportTicketLimits.Message, message.Length)
        : null;

    private static string Say(IStringLocalizer<SharedResource>? t, string english, params object[] args) =>
        t is null ? string.Format(System.Globalization.CultureInfo.CurrentCulture, english, args) : t[english, args];

    private IQueryable<SupportTicket> Visible(TenantCaller caller)
    {
        var q = db.SupportTickets.Where(t => t.TenantId == caller.TenantId);
        return caller.CanManage ? q : q.Where(t => t.OpenedByUserId == caller.User.Id);
    }

    private static string AuthorName(TenantCaller caller) =>
        TicketText.Clip(string.IsNullOrWhiteSpace(caller.User.FullName) ? caller.Actor : caller.User.FullName, 200);
}
