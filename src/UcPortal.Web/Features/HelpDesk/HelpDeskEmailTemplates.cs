namespace UcPortal.Web.Features.Email;

/// <summary>The help desk's email: support answered a ticket.</summary>
public sealed partial class EmailTemplates
{
    public ComposedEmail TicketReply(string fullName, int ticketId, string subject, string staffName, string reply, bool closed, string ticketUrl)
    {
        var paragraphs = new List<string> { T("{0} from {1} support answered your ticket #{2}, \"{3}\":", staffName, Brand, ticketId, subject) };
        paragraphs.AddRange(reply.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return Compose(
            "ticket-reply",
            $"[#{ticketId}] {subject}",
            Hi(fullName),
            paragraphs,
            (T("Open the ticket"), ticketUrl),
            [
                closed
                    ? T("We closed the ticket with this answer. If the problem is not solved, reply on the ticket page and it opens again.")
                    : T("To answer, reply on the ticket page: replies to this email do not reach the help desk."),
            ]);
    }
}
