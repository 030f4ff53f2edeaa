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

    /// <summary>Where calls go when the destination is a SIP trunk or registered PBX that is down: no answer
    /// at all, 408, 5xx, or (registering trunk) not registered. Not on busy or a decline (decision 034).</summary>
    public CallDestination FailoverDestination { get; set; } = CallDestination.None;
}
