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

    /// <summary>The signup address's network (/24 for IPv4, /64 for IPv6), counted by the review rules.</summary>
    public string SignupNetwork { get; set; } = "";

    /// <summary>The country the proxy said the request came from (Trial:RequestCountryHeader); null when unknown.</summary>
    public string? RequestCountry { get; set; }
    public TrialSignupStatus Status { get; set; }
    public string? StatusDetail { get; set; }
    public int ProvisioningAttempts { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public DateTime? ConfirmedAtUtc { get; set; }
    public DateTime? ProvisionedAtUtc { get; set; }
    public bool StaffAlertedNoNumbers { get; set; }
    public Guid? TenantId { get; set; }

    /// <summary>The current one-time code for the mobile, salted and hashed (never the code itself); null when none is open.</summary>
    public string? MobileCodeHash { get; set; }
    public DateTime? MobileCodeExpiresAtUtc { get; set; }
    public int MobileCodeFailedAttempts { get; set; }
    public DateTime? MobileVerifiedAtUtc { get; set; }

    /// <summary>Why the signup was sent to staff review, one reason a line; null when no rule matched.</summary>
    public string? ReviewReasons { get; set; }
    public string? ReviewedBy { get; set; }
    public DateTime? ReviewedAtUtc { get; set; }

    /// <summary>The reviewer's reason for approving or refusing.</summary>
    public string? ReviewNote { get; set; }
}

public enum TrialSignupStatus
{
    AwaitingConfirmation = 1,
    Provisioning = 2,
    Provisioned = 3,

    /// <summary>The chosen area's trial pool was empty: the prospect is asked to pick another area.</summary>
    NoNumberInArea = 4,

    /// <summary>Email confirmed; waiting for the one-time code sent by SMS to the mobile.</summary>
    AwaitingMobileCode = 5,

    /// <summary>Mobile verified, but a risk rule matched: staff approve or refuse before anything is provisioned.</summary>
    InReview = 6,

    /// <summary>Refused by staff after review; nothing was provisioned. The mobile and email stay used.</summary>
    Refused = 7,

    /// <summary>Every automatic provisioning attempt failed: staff were alerted and retry it from the tenant page.</summary>
    ProvisioningFailed = 8,
}
