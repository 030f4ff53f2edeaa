namespace UcPortal.Data.Entities;

/// <summary>One saved change of a tenant's PBX configuration, numbered. A change is applied when
/// the tenant's <see cref="TenantSyncState.AppliedVersion"/> has reached its version.</summary>
public class ConfigChange
{
    public long Id { get; set; }
    public Guid TenantId { get; set; }
    public long Version { get; set; }
    public string Description { get; set; } = "";
    public string Actor { get; set; } = "";
    public DateTime AtUtc { get; set; }
}

/// <summary>How far the SIP core has caught up with the tenant's desired configuration.</summary>
public class TenantSyncState
{
    public Guid TenantId { get; set; }
    public long DesiredVersion { get; set; }
    public long AppliedVersion { get; set; }
    public SyncStatus Status { get; set; }
    public string? LastError { get; set; }
    public int FailedAttempts { get; set; }
    public DateTime? LastAttemptAtUtc { get; set; }
    public DateTime? AppliedAtUtc { get; set; }
    public bool StaffAlerted { get; set; }
}

public enum SyncStatus { Pending = 1, Applied = 2, Retrying = 3, Failed = 4 }
