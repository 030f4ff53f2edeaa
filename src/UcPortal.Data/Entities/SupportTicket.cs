namespace UcPortal.Data.Entities;

/// <summary>A customer's question to support. The id is the ticket number customers and staff quote.</summary>
public class SupportTicket
{
    public int Id { get; set; }
    public Guid TenantId { get; set; }
    public Tenant? Tenant { get; set; }

    /// <summary>The customer who opened it: emailed when staff reply.</summary>
    public string OpenedByUserId { get; set; } = "";
    public string Subject { get; set; } = "";
    public TicketCategory Category { get; set; }
    public TicketStatus Status { get; set; }

    /// <summary>The staff member looking after it, if any.</summary>
    public string? AssignedToUserId { get; set; }
    public string? AssignedToEmail { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    /// <summary>The last message or status change: the queue lists the longest-waiting first.</summary>
    public DateTime UpdatedAtUtc { get; set; }
    public DateTime? ClosedAtUtc { get; set; }
    public List<SupportTicketMessage> Messages { get; set; } = [];
}

public class SupportTicketMessage
{
    public long Id { get; set; }
    public int TicketId { get; set; }
    public string AuthorUserId { get; set; } = "";

    /// <summary>Name shown in the thread ("Jane Smith", or "UcPortal support · Sam" for staff).</summary>
    public string AuthorName { get; set; } = "";
    public bool FromStaff { get; set; }
    public string Body { get; set; } = "";
    public DateTime AtUtc { get; set; }
}

public enum TicketCategory
{
    CallsAndPhones,
    Numbers,
    Billing,
    Account,
    Other,
}

public enum TicketStatus
{
    /// <summary>Waiting on support.</summary>
    Open,

    /// <summary>Support replied and asked something: waiting on the customer.</summary>
    WaitingOnCustomer,
    Closed,
}

public static class SupportTicketLimits
{
    public const int Subject = 150;
    public const int Message = 8000;
}
