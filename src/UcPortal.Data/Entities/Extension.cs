namespace UcPortal.Data.Entities;

/// <summary>A SIP extension of a tenant. The password is kept encrypted (Data Protection) so the
/// owner can reveal it, and as the HA1 digest the SIP core authenticates against.</summary>
public class Extension
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Tenant? Tenant { get; set; }
    public string Number { get; set; } = "";
    public string Name { get; set; } = "";
    public string? Email { get; set; }
    public string SipUsername { get; set; } = "";
    public string SipPasswordProtected { get; set; } = "";
    public string Ha1 { get; set; } = "";

    /// <summary>The tenant number shown to people this extension calls; null = the tenant's first number.</summary>
    public int? CallerIdNumberId { get; set; }
    public PhoneNumber? CallerIdNumber { get; set; }

    /// <summary>The portal user who uses this extension (members may change its forwarding).</summary>
    public string? UserId { get; set; }

    public bool DoNotDisturb { get; set; }
    public CallDestination ForwardAlways { get; set; } = CallDestination.None;
    public CallDestination ForwardBusy { get; set; } = CallDestination.None;
    public CallDestination ForwardNoAnswer { get; set; } = CallDestination.None;
    public int NoAnswerSeconds { get; set; } = 20;

    /// <summary>Failover: where calls go when no phone of this extension is registered.</summary>
    public CallDestination ForwardUnregistered { get; set; } = CallDestination.None;

    /// <summary>The extension's mailbox takes calls it misses (busy, no answer, not registered) when no
    /// forwarding applies. On by default.</summary>
    public bool VoicemailEnabled { get; set; } = true;

    /// <summary>The customer's greeting (file name in the tenant's voicemail folder, 8 kHz mono WAV);
    /// null = the spoken default.</summary>
    public string? VoicemailGreetingFile { get; set; }

    public DateTime CreatedAtUtc { get; set; }
}
