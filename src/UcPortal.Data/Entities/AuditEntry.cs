namespace UcPortal.Data.Entities;

/// <summary>One line of the staff audit log: a staff action or a security event (sign-in, failed
/// sign-in, lockout, two-factor change, role change, invitation). Append-only: the database refuses
/// UPDATE and DELETE on the table (triggers, see the Staff* migration). No foreign keys, so a purged
/// tenant or a removed staff member keeps their lines.</summary>
public class AuditEntry
{
    public long Id { get; set; }
    public DateTime AtUtc { get; set; }
    /// <summary>Who: a signed-in person's email, the email typed at a failed sign-in, or a system name ("command-line").</summary>
    public string Actor { get; set; } = "";
    public string? ActorUserId { get; set; }
    public string? ActorIp { get; set; }
    /// <summary>What, as a dotted name: <c>tenant.suspend</c>, <c>signin.failed</c>, <c>staff.role-changed</c> …</summary>
    public string Action { get; set; } = "";
    public Guid? TenantId { get; set; }
    /// <summary>On what or whom: a tenant's name, a staff member's email, a plan.</summary>
    public string? Target { get; set; }
    public string? Detail { get; set; }
}
