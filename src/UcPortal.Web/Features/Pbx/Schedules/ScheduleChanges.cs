using System.Globalization;
using Microsoft.Extensions.Localization;

namespace UcPortal.Web.Features.Pbx.Schedules;

public sealed class ScheduleRangeInput
{
    public DayOfWeek Day { get; set; } = DayOfWeek.Monday;
    public string? From { get; set; }
    public string? To { get; set; }
}

public sealed class ScheduleForm
{
    public string Name { get; set; } = "";
    public string TimeZone { get; set; } = "";
    public List<ScheduleRangeInput> Ranges { get; set; } = [];

    /// <summary>One closed day a line: "2026-12-25 Christmas Day".</summary>
    public string? Holidays { get; set; }

    public static ScheduleForm From(Schedule s) => new()
    {
        Name = s.Name,
        TimeZone = s.TimeZone,
        Ranges = s.Ranges.OrderBy(r => (((int)r.Day + 6) % 7)).ThenBy(r => r.StartMinute)
            .Select(r => new ScheduleRangeInput { Day = r.Day, From = Clock(r.StartMinute), To = Clock(r.EndMinute) }).ToList(),
        Holidays = string.Join("\n", s.Holidays.OrderBy(h => h.Date).Select(h => $"{h.Date:yyyy-MM-dd} {h.Name}".TrimEnd())),
    };

    public static string Clock(int minute) => $"{minute / 60:D2}:{minute % 60:D2}";
}

/// <summary>Business hours: weekly opening ranges in a time zone plus closed days. A schedule is
/// refused if a range ends before it starts, ranges of one day overlap, or there is no range at all
/// (a schedule that is never open is almost certainly a mistake; route the number to "closed" instead).</summary>
public sealed class ScheduleChanges(PortalDbContext db, PortalUnitOfWork unitOfWork, TimeProvider clock, IStringLocalizer<SharedResource> text)
{
    public async Task<FormResult> SaveAsync(TenantCaller caller, Guid? id, ScheduleForm form, CancellationToken ct)
    {
        Schedule? schedule = null;
        if (id is not null)
        {
            schedule = await db.Schedules.Include(s => s.Ranges).Include(s => s.Holidays).SingleOrDefaultAsync(s => s.Id == id && s.TenantId == caller.TenantId, ct);
            if (schedule is null)
            {
                return FormResult.Missing();
            }
        }
        var result = new FormResult();
        var name = form.Name?.Trim() ?? "";
        if (name.Length is 0 or > 80)
        {
            result.Errors[nameof(form.Name)] = text["Enter a name of up to 80 characters, e.g. Office hours."];
        }
        else if (await db.Schedules.AnyAsync(s => s.TenantId == caller.TenantId && s.Name == name && s.Id != id, ct))
        {
            result.Errors[nameof(form.Name)] = text["You already have business hours called {0}.", name];
        }
        var zone = string.IsNullOrWhiteSpace(form.TimeZone) ? caller.Tenant.TimeZone : form.TimeZone.Trim();
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _) || !zone.Contains('/') && zone != "UTC")
        {
            result.Errors[nameof(form.TimeZone)] = text["Choose a time zone from the list, e.g. Europe/London."];
        }
        var ranges = ParseRanges(form.Ranges ?? [], out var rangeError, text);
        if (rangeError is not null)
        {
            result.Errors[nameof(form.Ranges)] = rangeError;
        }
        var holidays = ParseHolidays(form.Holidays, out var holidayError, text);
        if (holidayError is not null)
        {
            result.Errors[nameof(form.Holidays)] = holidayError;
        }
        if (!result.Succeeded)
        {
            return result;
        }

        var isNew = schedule is null;
        if (schedule is null)
        {
            schedule = new Schedule { Id = Guid.NewGuid(), TenantId = caller.TenantId, CreatedAtUtc = clock.GetUtcNow().UtcDateTime };
            db.Schedules.Add(schedule);
        }
        schedule.Name = name;
        schedule.TimeZone = zone;
        schedule.Ranges.Clear();
        schedule.Ranges.AddRange(ranges);
        // Holidays have a unique (schedule, date) index: keep the rows whose date stays instead of delete + insert.
        schedule.Holidays.RemoveAll(h => !holidays.ContainsKey(h.Date));
        foreach (var (date, holidayName) in holidays)
        {
            var existing = schedule.Holidays.FirstOrDefault(h => h.Date == date);
            if (existing is null)
            {
                schedule.Holidays.Add(new ScheduleHoliday { Date = date, Name = holidayName });
            }
            else
            {
                existing.Name = holidayName;
            }
        }
        return await unitOfWork.CommitPbxChangeAsync(caller, $"Business hours {name} {(isNew ? "added" : "changed")}", nameof(form.Name), text["You already have business hours called {0}.", name], ct);
    }

    public async Task<FormResult> DeleteAsync(TenantCaller caller, Guid id, CancellationToken ct)
    {
        var schedule = await db.Schedules.SingleOrDefaultAsync(s => s.Id == id && s.TenantId == caller.TenantId, ct);
        if (schedule is null)
        {
            return FormResult.Missing();
        }
        var numbers = await db.NumberRoutes.Where(r => r.ScheduleId == id).Select(r => r.PhoneNumber!.E164).ToListAsync(ct);
        if (numbers.Count > 0)
        {
            return FormResult.Refused("", numbers.Count == 1
                ? text["Business hours {0} can't be deleted while {1} uses them. Change the number first.", schedule.Name, Numbers.PhoneDisplay.Format(numbers[0])]
                : text["Business hours {0} can't be deleted while {1} use them. Change the numbers first.", schedule.Name, string.Join(text[", "], numbers.Select(Numbers.PhoneDisplay.Format))]);
        }
        db.Schedules.Remove(schedule);
        return await unitOfWork.CommitPbxChangeAsync(caller, $"Business hours {schedule.Name} deleted", "", text["The business hours could not be deleted. Please try again."], ct);
    }

    internal static List<ScheduleRange> ParseRanges(IEnumerable<ScheduleRangeInput> inputs, out string? error, IStringLocalizer? t = null)
    {
        error = null;
        var ranges = new List<ScheduleRange>();
        foreach (var input in inputs)
        {
            if (string.IsNullOrWhiteSpace(input.From) && string.IsNullOrWhiteSpace(input.To))
            {
                continue; // an empty spare row
            }
            if (!Enum.IsDefined(input.Day) || ParseMinute(input.From) is not { } start || ParseMinute(input.To) is not { } end)
            {
                error = Localisation.PortalText.Say(t, "{0}: enter opening and closing times like 09:00 and 17:30.", Day(input.Day, t));
                return [];
            }
            if (end <= start)
            {
                error = Localisation.PortalText.Say(t, "{0} {1}–{2}: the closing time must be after the opening time.", Day(input.Day, t), input.From ?? "", input.To ?? "");
                return [];
            }
            ranges.Add(new ScheduleRange { Day = input.Day, StartMinute = start, EndMinute = end });
        }
        if (ranges.Count == 0)
        {
            error = Localisation.PortalText.Say(t, "Add at least one opening time, e.g. Monday 09:00 to 17:00.");
            return [];
        }
        foreach (var day in ranges.GroupBy(r => r.Day))
        {
            var sorted = day.OrderBy(r => r.StartMinute).ToList();
            for (var i = 1; i < sorted.Count; i++)
            {
                if (sorted[i].StartMinute < sorted[i - 1].EndMinute)
                {
                    error = Localisation.PortalText.Say(t, "{0}: {1}–{2} overlaps {3}–{4}.", Day(day.Key, t), ScheduleForm.Clock(sorted[i - 1].StartMinute), ScheduleForm.Clock(sorted[i - 1].EndMinute), ScheduleForm.Clock(sorted[i].StartMinute), ScheduleForm.Clock(sorted[i].EndMinute));
                    return [];
                }
            }
        }
        return ranges;
    }

    /// <summary>The day's name in the reader's language (English, as the enum names it, without a localizer).</summary>
    private static string Day(DayOfWeek day, IStringLocalizer? t) => t is null ? day.ToString() : CultureInfo.CurrentCulture.DateTimeFormat.GetDayName(day);

    /// <summary>"09:00" or "9:00"; "24:00" is the end of the day.</summary>
    private static int? ParseMinute(string? text)
    {
        text = text?.Trim();
        if (text == "24:00")
        {
            return 24 * 60;
        }
        return TimeOnly.TryParseExact(text, ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time.Hour * 60 + time.Minute
            : null;
    }

    private static Dictionary<DateOnly, string> ParseHolidays(string? text, out string? error, IStringLocalizer? t = null)
    {
        error = null;
        var holidays = new Dictionary<DateOnly, string>();
        foreach (var line in (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(' ', 2, StringSplitOptions.TrimEntries);
            if (!DateOnly.TryParseExact(parts[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                error = Localisation.PortalText.Say(t, "\"{0}\": start each line with a date like 2026-12-25.", line);
                return [];
            }
            if (!holidays.TryAdd(date, parts.Length > 1 ? parts[1][..Math.Min(80, parts[1].Length)] : ""))
            {
                error = Localisation.PortalText.Say(t, "{0} is listed twice.", date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                return [];
            }
        }
        return holidays;
    }
}
