namespace UcPortal.Data.Entities;

/// <summary>One prospect's request for a free trial. Unique indexes on the normalized email,
/// the mobile number and the company email domain enforce "one trial per identity" even when
/// two requests race.</summary>
public class TrialSignup
{
    public Guid Id { get; set; }
    public string UserId { get; set; } = "";
    public string FullName { get; set; } = "";
    public string Company { get; set; } = "";
    public string Email { get; set; } = "";
    public string NormalizedEmail { get; set; } = "";

    /// <summary>The company email domain; null for free-mail domains, which are exempt from the one-trial-per-domain rule.</summary>
    public string? CompanyDomain { get; set; }
    public string Country { get; set; } = "";
    public string MobileE164 { get; set; } = "";
    public string RequestedCountry { get; set; } = "";
    public string RequestedCity { get; set; } = "";
    public string SignupIp { get; set; } = "";
    public TrialSignupStatus Status { get; set; }
    public string? StatusDetail { get; set; }
    public int ProvisioningAttempts { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public DateTime? ConfirmedAtUtc { get; set; }
    public DateTime? ProvisionedAtUtc { get; set; }
    public bool StaffAlertedNoNumbers { get; set; }
    public Guid? TenantId { get; set; }
}

public enum TrialSignupStatus
{
    AwaitingConfirmation = 1,
    Provisioning = 2,
    Provisioned = 3,

    /// <summary>The chosen area's trial pool was empty: the prospect is asked to pick another area.</summary>
    NoNumberInArea = 4,
}
