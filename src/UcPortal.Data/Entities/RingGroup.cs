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
