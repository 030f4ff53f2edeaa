namespace UcPortal.Data.Entities;

/// <summary>A tenant's own IP-PBX connected over a SIP trunk (the SIP-trunk product).</summary>
public class SipTrunk
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public string Name { get; set; } = "";
    public TrunkAuthMode AuthMode { get; set; }

    /// <summary>Registration credentials (AuthMode = Registration).</summary>
    public string? Username { get; set; }
    public string? PasswordProtected { get; set; }
    public string? Ha1 { get; set; }
    public List<SipTrunkAddress> Addresses { get; set; } = [];
    public int MaxChannels { get; set; } = 2;
    public DateTime CreatedAtUtc { get; set; }
}

public enum TrunkAuthMode { Registration = 1, IpAddress = 2 }

public class SipTrunkAddress
{
    public long Id { get; set; }
    public Guid SipTrunkId { get; set; }
    public string IpAddress { get; set; } = "";
    public int Port { get; set; } = 5060;
}
