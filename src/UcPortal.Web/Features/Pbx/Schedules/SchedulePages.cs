using UcPortal.Web.Features.Pbx.Sync;

namespace UcPortal.Web.Features.Pbx.Schedules;

public sealed record ScheduleRow(Schedule Schedule, bool OpenNow, List<string> Numbers);

public sealed class ScheduleListPage
{
    public required List<ScheduleRow> Schedules { get; init; }
    public string? Error { get; init; }
}

public sealed class ScheduleEditPage
{
    public Guid? Id { get; init; }
    public required ScheduleForm Form { get; init; }
}

public sealed class SchedulePages(PortalDbContext db, TimeProvider clock)
{
    /// <summary>Spare empty rows on the form, so people can add ranges without script.</summary>
    public const int SpareRows = 4;

    public async Task<ScheduleListPage> ListAsync(TenantCaller caller, string? error, CancellationToken ct)
    {
        var schedules = await db.Schedules.AsNoTracking().Include(s => s.Ranges).Include(s => s.Holidays)
            .Where(s => s.TenantId == caller.TenantId).OrderBy(s => s.Name).ToListAsync(ct);
        var uses = await db.NumberRoutes.AsNoTracking().Where(r => r.TenantId == caller.TenantId && r.ScheduleId != null)
            .Select(r => new { r.ScheduleId, r.PhoneNumber!.E164 }).ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        return new ScheduleListPage
        {
            Schedules = schedules.Select(s => new ScheduleRow(s, ScheduleCalendar.IsOpen(s, now), uses.Where(u => u.ScheduleId == s.Id).Select(u => u.E164).ToList())).ToList(),
            Error = error,
        };
    }

    public async Task<ScheduleEditPage?> EditAsync(TenantCaller caller, Guid? id, ScheduleForm? posted, CancellationToken ct)
    {
        var form = posted;
        if (id is not null)
        {
            var schedule = await db.Schedules.AsNoTracking().Include(s => s.Ranges).Include(s => s.Holidays)
                .SingleOrDefaultAsync(s => s.Id == id && s.TenantId == caller.TenantId, ct);
            if (schedule is null)
            {
                return null;
            }
            form ??= ScheduleForm.From(schedule);
        }
        form ??= new ScheduleForm
        {
            TimeZone = caller.Tenant.TimeZone,
            Ranges = [.. new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
                .Select(d => new ScheduleRangeInput { Day = d, From = "09:00", To = "17:00" })],
        };
        var rows = form.Ranges.Where(r => !string.IsNullOrWhiteSpace(r.From) || !string.IsNullOrWhiteSpace(r.To)).ToList();
        rows.AddRange(Enumerable.Range(0, SpareRows).Select(_ => new ScheduleRangeInput()));
        form.Ranges = rows;
        return new ScheduleEditPage { Id = id, Form = form };
    }
}
