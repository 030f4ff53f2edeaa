namespace UcPortal.Web.Features.HelpDesk;

/// <summary>Words for the ticket enums, shared by the customer and the staff pages.</summary>
public static class TicketText
{
    public static readonly IReadOnlyList<TicketCategory> Categories = Enum.GetValues<TicketCategory>();

    public static string Describe(TicketCategory category) => category switch
    {
        TicketCategory.CallsAndPhones => "Calls, phones and registration",
        TicketCategory.Numbers => "Numbers",
        TicketCategory.Billing => "Billing and plans",
        TicketCategory.Account => "Account and team",
        _ => "Something else",
    };

    public static string Describe(TicketStatus status) => status switch
    {
        TicketStatus.Open => "Open",
        TicketStatus.WaitingOnCustomer => "Waiting on customer",
        _ => "Closed",
    };

    /// <summary>The customer's view of the same states: "open" means support has the next move.</summary>
    public static string ForCustomer(TicketStatus status) => status switch
    {
        TicketStatus.Open => "Waiting for support",
        TicketStatus.WaitingOnCustomer => "Waiting for your reply",
        _ => "Closed",
    };

    public static string Badge(TicketStatus status) => status switch
    {
        TicketStatus.Open => "text-bg-primary",
        TicketStatus.WaitingOnCustomer => "text-bg-warning",
        _ => "text-bg-secondary",
    };

    /// <summary>Trims and normalises line ends; null for blank.</summary>
    public static string Clean(string? text) => (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Trim();

    public static string Clip(string text, int max) => text.Length <= max ? text : text[..max];
}
