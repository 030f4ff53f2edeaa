namespace UcPortal.Data.Entities;

/// <summary>An internal number a tenant's callers can dial, and the one extension or ring group it
/// reaches. Extensions and ring groups share this one number space: the table's key (tenant,
/// number) lets the database itself refuse a second owner, even for two saves at the same moment.
/// <see cref="PortalDbContext"/> keeps it in step with every extension and ring group it saves, in
/// the same transaction; deleting the owner deletes the number with it (cascade).</summary>
public class DialPlanNumber
{
    public Guid TenantId { get; set; }
    public string Number { get; set; } = "";

    /// <summary>Set when an extension owns the number; exactly one of the two owners is set.</summary>
    public Guid? ExtensionId { get; set; }
    public Guid? RingGroupId { get; set; }

    /// <summary>Whether <paramref name="other"/> belongs to the same extension or ring group as this one.</summary>
    public bool OwnedBy(DialPlanNumber other) =>
        ExtensionId is { } e ? other.ExtensionId == e : other.RingGroupId == RingGroupId;

    /// <summary>The same test for a query: this owner's stored number.</summary>
    public System.Linq.Expressions.Expression<Func<DialPlanNumber, bool>> OwnedByQuery()
    {
        var extensionId = ExtensionId;
        var ringGroupId = RingGroupId;
        return extensionId is not null
            ? d => d.ExtensionId == extensionId
            : d => d.RingGroupId == ringGroupId;
    }
}
