using UcPortal.Pbx;

namespace UcPortal.Web.Features.Pbx.Sync;

/// <summary>Turns a schedule (weekly ranges in a time zone, plus holidays) into the UTC instants
/// it is open over the coming days, so the SIP core needs no time-zone rules of its own.</summary>
public static class ScheduleCalendar
{
    public const int DaysAhead = 14;

    public static IReadOnlyList<PbxOpenWindow> OpenWindowsUtc(Schedule schedule, DateTime fromUtc, int days = DaysAhead)
    {
        var zone = FindZone(schedule.TimeZone);
        var holidays = schedule.Holidays.Select(h => h.Date).ToHashSet();
        var localStart = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(fromUtc, DateTimeKind.Utc), zone).Date.AddDays(-1);
        var windows = new List<PbxOpenWindow>();
        for (var d = 0; d <= days + 1; d++)
        {
            var day = localStart.AddDays(d);
            if (holidays.Contains(DateOnly.FromDateTime(day)))
            {
                continue;
            }
            foreach (var range in schedule.Ranges.Where(r => r.Day == day.DayOfWeek).OrderBy(r => r.StartMinute))
            {
                var start = ToUtc(day.AddMinutes(range.StartMinute), zone);
                var end = ToUtc(day.AddMinutes(range.EndMinute), zone);
                if (end > fromUtc && start < fromUtc.AddDays(days) && end > start)
                {
                    windows.Add(new PbxOpenWindow(start, end));
                }
            }
        }
        return Merge(windows);
    }

    public static bool IsOpen(Schedule schedule, DateTime atUtc) =>
        OpenWindowsUtc(schedule, atUtc.AddMinutes(-1), 1).Any(w => w.StartUtc <= atUtc && atUtc < w.EndUtc);

    public static TimeZoneInfo FindZone(string id) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;

    private static DateTime ToUtc(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        // A local time skipped by a daylight-saving change does not exist: take the first instant after it.
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }
        return TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }

    private static List<PbxOpenWindow> Merge(List<PbxOpenWindow> windows)
    {
        var merged = new List<PbxOpenWindow>();
        foreach (var w in windows.OrderBy(w => w.StartUtc))
        {
            if (merged.Count > 0 && w.StartUtc <= merged[^1].EndUtc)
            {
                var last = merged[^1];
                merged[^1] = last with { EndUtc = w.EndUtc > last.EndUtc ? w.EndUtc : last.EndUtc };
            }
            else
            {
                merged.Add(w);
            }
        }
        return merged;
    }
}
