namespace UcPortal.Data.Entities;

/// <summary>A tenant's request to bring (port) a number it has at another provider. Staff work it from
/// the admin area; on completion the number joins the tenant's inventory (decision 033).</summary>
public class PortingRequest
{
    public int Id { get; set; }
    public Guid TenantId { get; set; }
    public Tenant? Tenant { get; set; }

    public string E164 { get; set; } = "";

    /// <summary>The number while the request is open, null once it is closed: a unique index on it lets
    /// only one open request per number exist (two tenants, or a double click, cannot open a second).</summary>
    public string? OpenE164 { get; set; }
    public string Country { get; set; } = "";
    public NumberType NumberType { get; set; }

    public string CurrentProvider { get; set; } = "";
    public string AccountNumber { get; set; } = "";
    public string AuthorisedName { get; set; } = "";

    /// <summary>The day the tenant asked for (a business day, not in the past when asked).</summary>
    public DateOnly WantedDate { get; set; }

    /// <summary>The day agreed with the losing provider, set by staff.</summary>
    public DateOnly? PortDate { get; set; }

    public PortingStatus Status { get; set; }

    /// <summary>Staff's last question while more information is needed.</summary>
    public string? StaffQuestion { get; set; }

    /// <summary>The tenant's last answer to it.</summary>
    public string? TenantAnswer { get; set; }
    public string? RejectionReason { get; set; }

    /// <summary>The signed letter of authorisation: a file name of ours (a Guid and the type's extension) in the
    /// tenant's porting folder, never the uploaded name.</summary>
    public string LoaFileName { get; set; } = "";
    public string LoaContentType { get; set; } = "";
    public string LoaOriginalName { get; set; } = "";
    public int LoaBytes { get; set; }

    public string SubmittedByUserId { get; set; } = "";
    public string SubmittedByEmail { get; set; } = "";
    public DateTime CreatedAtUtc { get; set; }
    public DateTime UpdatedAtUtc { get; set; }
    public DateTime? ClosedAtUtc { get; set; }

    /// <summary>The inventory row the number became on completion.</summary>
    public int? PhoneNumberId { get; set; }
    public PhoneNumber? PhoneNumber { get; set; }

    /// <summary>Raised by every change (a concurrency token): of two staff acting at once, one wins.</summary>
    public int Version { get; set; }

    public bool IsOpen => Status is PortingStatus.Submitted or PortingStatus.InformationNeeded or PortingStatus.DateSet;
}

public enum PortingStatus
{
    Submitted = 1,
    InformationNeeded = 2,
    DateSet = 3,
    Completed = 4,
    Rejected = 5,
    Cancelled = 6,
}

public static class PortingRequestLimits
{
    public const int Provider = 100;
    public const int AccountNumber = 64;
    public const int AuthorisedName = 100;
    public const int Text = 2000;
}
