namespace UcPortal.Data.Entities;

/// <summary>A customer organisation. It owns one SIP domain; its id equals the id of the trial
/// signup that created it, which makes provisioning idempotent through the primary key.</summary>
public class Tenant
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public string SipDomain { get; set; } = "";
    public TenantStatus Status { get; set; }
    public int PlanId { get; set; }
    public Plan? Plan { get; set; }
    public string Country { get; set; } = "";

    /// <summary>The mobile number verified at signup (E.164): the only off-net destination a trial may call.</summary>
    public string VerifiedMobileE164 { get; set; } = "";

    public DateTime CreatedAtUtc { get; set; }
    public DateTime? TrialExpiresAtUtc { get; set; }
    public int TrialCreditSeconds { get; set; }
    public int UsedCreditSeconds { get; set; }
    public int MaxConcurrentCalls { get; set; }

    /// <summary>IANA time zone of the tenant's offices; the default for new schedules.</summary>
    public string TimeZone { get; set; } = "UTC";
    public bool InternationalCallsAllowed { get; set; }

    public List<Extension> Extensions { get; set; } = [];
    public List<PhoneNumber> Numbers { get; set; } = [];
    public List<PortalUser> Users { get; set; } = [];
}

public enum TenantStatus
{
    Trial = 1,
    Active = 2,
    Suspended = 3,
    Released = 4,
}
