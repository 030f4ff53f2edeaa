using UcPortal.Data.Entities;
using UcPortal.Web.Features.Pbx.Sync;

namespace UcPortal.Tests.Pbx.Sync;

public sealed class ScheduleCalendarTests
{
    private static Schedule WeekdaysNineToFive(string zone) => new()
    {
        TimeZone = zone,
        Ranges = [.. new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
            .Select(d => new ScheduleRange { Day = d, StartMinute = 9 * 60, EndMinute = 17 * 60 })],
    };

    [Fact]
    public void OpenHours_AreConvertedToUtc_InTheSchedulesTimeZone()
    {
        // Monday 2 March 2026: London is on GMT (UTC+0), New York on EST (UTC-5).
        var monday = new DateTime(2026, 3, 2, 0, 0, 0, DateTimeKind.Utc);

        var london = ScheduleCalendar.OpenWindowsUtc(WeekdaysNineToFive("Europe/London"), monday, 1);
        var newYork = ScheduleCalendar.OpenWindowsUtc(WeekdaysNineToFive("America/New_York"), monday, 1);

        Assert.Contains(london, w => w.StartUtc == monday.AddHours(9) && w.EndUtc == monday.AddHours(17));
        Assert.Contains(newYork, w => w.StartUtc == monday.AddHours(14) && w.EndUtc == monday.AddHours(22));
    }

    [Fact]
    public void DaylightSaving_MovesTheUtcWindow()
    {
        // London switches to BST on Sunday 29 March 2026: 9:00 local is 8:00 UTC from Monday 30 March.
        var after = new DateTime(2026, 3, 30, 0, 0, 0, DateTimeKind.Utc);

        var windows = ScheduleCalendar.OpenWindowsUtc(WeekdaysNineToFive("Europe/London"), after, 1);

        Assert.Contains(windows, w => w.StartUtc == after.AddHours(8) && w.EndUtc == after.AddHours(16));
    }

    [Fact]
    public void AHoliday_IsClosedAllDay()
    {
        var schedule = WeekdaysNineToFive("Europe/London");
        schedule.Holidays.Add(new ScheduleHoliday { Date = new DateOnly(2026, 12, 25), Name = "Christmas" });
        var christmasNoon = new DateTime(2026, 12, 25, 12, 0, 0, DateTimeKind.Utc);

        Assert.False(ScheduleCalendar.IsOpen(schedule, christmasNoon));
        Assert.True(ScheduleCalendar.IsOpen(schedule, christmasNoon.AddDays(-1)));
        Assert.False(ScheduleCalendar.IsOpen(schedule, christmasNoon.AddDays(2)));
    }

    [Fact]
    public void Windows_CoverFourteenDaysAhead()
    {
        var windows = ScheduleCalendar.OpenWindowsUtc(WeekdaysNineToFive("UTC"), new DateTime(2026, 3, 2, 0, 0, 0, DateTimeKind.Utc));

        Assert.Equal(10, windows.Count);
    }
}
