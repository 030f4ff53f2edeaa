namespace UcPortal.Data.Entities;

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
