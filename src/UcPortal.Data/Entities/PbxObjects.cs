namespace UcPortal.Data.Entities;

/// <summary>Several extensions reached through one number, all at once or one after another.</summary>
public class RingGroup
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public string Number { get; set; } = "";
    public string Name { get; set; } = "";
    public RingStrategy Strategy { get; set; }

    /// <summary>All at once: how long the group rings. One after another: how long each member rings.</summary>
    public int RingSeconds { get; set; } = 20;
    public CallDestination NoAnswerDestination { get; set; } = CallDestination.None;
    public List<RingGroupMember> Members { get; set; } = [];
    public DateTime CreatedAtUtc { get; set; }
}

public enum RingStrategy { Simultaneous = 1, Sequential = 2 }

public class RingGroupMember
{
    public Guid RingGroupId { get; set; }
    public Guid ExtensionId { get; set; }
    public Extension? Extension { get; set; }
    public int Position { get; set; }
}

/// <summary>Named business hours: weekly time ranges plus holidays, in a time zone; shared by any
/// number of the tenant's numbers.</summary>
public class Schedule
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public string Name { get; set; } = "";

    /// <summary>IANA time zone, e.g. Europe/London.</summary>
    public string TimeZone { get; set; } = "UTC";
    public List<ScheduleRange> Ranges { get; set; } = [];
    public List<ScheduleHoliday> Holidays { get; set; } = [];
    public DateTime CreatedAtUtc { get; set; }
}

/// <summary>Open on <see cref="Day"/> from <see cref="StartMinute"/> (inclusive) to <see cref="EndMinute"/> (exclusive), minutes after midnight.</summary>
public class ScheduleRange
{
    public long Id { get; set; }
    public Guid ScheduleId { get; set; }
    public DayOfWeek Day { get; set; }
    public int StartMinute { get; set; }
    public int EndMinute { get; set; }
}

/// <summary>A whole day closed.</summary>
public class ScheduleHoliday
{
    public long Id { get; set; }
    public Guid ScheduleId { get; set; }
    public DateOnly Date { get; set; }
    public string Name { get; set; } = "";
}

/// <summary>Where calls to one of the tenant's numbers go, in open and in closed hours.</summary>
public class NumberRoute
{
    public int PhoneNumberId { get; set; }
    public PhoneNumber? PhoneNumber { get; set; }
    public Guid TenantId { get; set; }

    /// <summary>Null: always open.</summary>
    public Guid? ScheduleId { get; set; }
    public Schedule? Schedule { get; set; }
    public CallDestination OpenDestination { get; set; } = CallDestination.None;
    public CallDestination ClosedDestination { get; set; } = CallDestination.None;
}

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

/// <summary>A desk phone of the tenant, provisioned from a per-device URL with an unguessable token.</summary>
public class DeskPhone
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }

    /// <summary>12 upper-case hex digits, no separators.</summary>
    public string MacAddress { get; set; } = "";
    public string Model { get; set; } = "";
    public string Label { get; set; } = "";
    public string ProvisioningToken { get; set; } = "";
    public List<DeskPhoneLine> Lines { get; set; } = [];
    public DateTime CreatedAtUtc { get; set; }
    public DateTime? LastFetchedAtUtc { get; set; }
}

public class DeskPhoneLine
{
    public Guid DeskPhoneId { get; set; }
    public int Line { get; set; }
    public Guid ExtensionId { get; set; }
    public Extension? Extension { get; set; }
}

/// <summary>An emailed invitation to join a tenant. Only the token's hash is stored.</summary>
public class TeamInvitation
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public string Email { get; set; } = "";
    public TenantRole Role { get; set; }
    public string TokenHash { get; set; } = "";
    public string InvitedByUserId { get; set; } = "";
    public DateTime CreatedAtUtc { get; set; }
    public DateTime ExpiresAtUtc { get; set; }
    public DateTime? AcceptedAtUtc { get; set; }
    public DateTime? RevokedAtUtc { get; set; }
}

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

/// <summary>A call record imported from the SIP core's accounting, rated against the tenant's credit.</summary>
public class CallRecord
{
    public long Id { get; set; }
    public Guid TenantId { get; set; }

    /// <summary>The SIP core's record id: imports are idempotent by it.</summary>
    public long SourceId { get; set; }
    public string CallId { get; set; } = "";
    public CallDirection Direction { get; set; }
    public string FromNumber { get; set; } = "";
    public string ToNumber { get; set; } = "";
    public DateTime StartedAtUtc { get; set; }
    public int DurationSeconds { get; set; }
    public int BilledSeconds { get; set; }
    public string Disposition { get; set; } = "";
}

public enum CallDirection { Internal = 1, Inbound = 2, Outbound = 3 }
