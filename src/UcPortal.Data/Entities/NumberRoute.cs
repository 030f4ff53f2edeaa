namespace UcPortal.Data.Entities;

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
