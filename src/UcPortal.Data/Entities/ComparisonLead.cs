namespace UcPortal.Data.Entities;

/// <summary>A prospect who asked for the cost comparison report at /compare. Stored only when they
/// ask for it; the report is emailed once they confirm the address is theirs (the link in a first,
/// attachment-free email), so nobody can mail reports to strangers.</summary>
public class ComparisonLead
{
    public Guid Id { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public string FullName { get; set; } = "";
    public string Company { get; set; } = "";
    public string Email { get; set; } = "";

    /// <summary>Upper-cased address, for the per-address limit.</summary>
    public string NormalizedEmail { get; set; } = "";
    public string? ClientIp { get; set; }

    /// <summary>The prospect's answers and the assumptions they used (JSON), enough to render the report again.</summary>
    public string InputsJson { get; set; } = "";

    // The figures the prospect saw, for staff (cents over three years).
    public long OnPremiseTotalCents { get; set; }
    public long HostedTotalCents { get; set; }
    public long? TrunksTotalCents { get; set; }
    public int? BreakEvenMonth { get; set; }
    public string Currency { get; set; } = "USD";

    /// <summary>SHA-256 (hex) of the secret in the confirmation link; the secret itself is never stored.</summary>
    public string ConfirmTokenHash { get; set; } = "";
    public DateTime? ConfirmedAtUtc { get; set; }

    /// <summary>The outbox email that carried the PDF.</summary>
    public Guid? ReportEmailId { get; set; }
}

/// <summary>A staff-set value of one of the comparison's assumptions (IT hourly rate, PBX price a
/// site …). Codes are defined in the portal with their default; a missing row means the default.</summary>
public class ComparisonRate
{
    public string Code { get; set; } = "";

    /// <summary>The value in millionths, like call rates: 0.02 a minute is 20,000.</summary>
    public long ValueMicros { get; set; }
    public DateTime UpdatedAtUtc { get; set; }
    public string UpdatedBy { get; set; } = "";
}
