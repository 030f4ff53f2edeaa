using System.Net;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using UcPortal.Tests.Infrastructure;

namespace UcPortal.Tests.Pbx;

public abstract class ScheduleTests<TPortal>(TPortal portal) : IClassFixture<TPortal> where TPortal : PortalFactory
{
    internal static List<KeyValuePair<string, string>> Form(string name, string zone, params (string Day, string From, string To)[] ranges)
    {
        var fields = new List<KeyValuePair<string, string>> { new("Name", name), new("TimeZone", zone) };
        for (var i = 0; i < ranges.Length; i++)
        {
            fields.Add(new($"Ranges[{i}].Day", ranges[i].Day));
            fields.Add(new($"Ranges[{i}].From", ranges[i].From));
            fields.Add(new($"Ranges[{i}].To", ranges[i].To));
        }
        return fields;
    }

    [Fact]
    public async Task SavingBusinessHours_WithSplitDaysAndHolidays_StoresThem_AndRecordsTheChange()
    {
        using var tenant = await PbxTenants.CreateAsync(portal);
        var form = Form("Office", "Europe/London", ("Monday", "09:00", "12:30"), ("Monday", "13:30", "17:00"), ("Friday", "9:00", "24:00"));
        form.Add(new("Holidays", "2026-12-25 Christmas Day\n2026-12-26"));

        var response = await tenant.Owner.SubmitAsync("/pbx/schedules/new", "/pbx/schedules", form);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var schedule = await portal.WithDbAsync(db => db.Schedules.AsNoTracking().Include(s => s.Ranges).Include(s => s.Holidays).SingleAsync(s => s.TenantId == tenant.Id));
        Assert.Equal(3, schedule.Ranges.Count);
        Assert.Equal(1440, schedule.Ranges.Single(r => r.Day == DayOfWeek.Friday).EndMinute);
        Assert.Equal(["Christmas Day", ""], schedule.Holidays.OrderBy(h => h.Date).Select(h => h.Name));
        Assert.Equal("Business hours Office added", await portal.WithDbAsync(db => db.ConfigChanges.Where(c => c.TenantId == tenant.Id).Select(c => c.Description).SingleAsync()));

        // Editing keeps a holiday whose date stays (unique index on schedule and date).
        var edit = Form("Office", "Europe/London", ("Tuesday", "08:00", "16:00"));
        edit.Add(new("Holidays", "2026-12-25 Xmas"));
        Assert.Equal(HttpStatusCode.Redirect, (await tenant.Owner.SubmitAsync($"/pbx/schedules/{schedule.Id}", $"/pbx/schedules/{schedule.Id}", edit)).StatusCode);
        var edited = await portal.WithDbAsync(db => db.Schedules.AsNoTracking().Include(s => s.Ranges).Include(s => s.Holidays).SingleAsync(s => s.Id == schedule.Id));
        Assert.Equal(DayOfWeek.Tuesday, edited.Ranges.Single().Day);
        Assert.Equal("Xmas", edited.Holidays.Single().Name);
    }

    public static TheoryData<string, string, string, string> BadSchedules => new()
    {
        // from, to, second range (day|from|to or ""), message
        { "17:00", "09:00", "", "the closing time must be after the opening time" },
        { "09:00", "09:00", "", "the closing time must be after the opening time" },
        { "09:00", "13:00", "Monday|12:00|17:00", "Monday: 09:00–13:00 overlaps 12:00–17:00" },
        { "", "", "", "Add at least one opening time" },
        { "nine", "17:00", "", "enter opening and closing times like 09:00" },
    };

    [Theory]
    [MemberData(nameof(BadSchedules))]
    public async Task BusinessHours_WithBadRanges_AreRefusedWithTheReason_AndNothingIsWritten(string from, string to, string second, string message)
    {
        using var tenant = await PbxTenants.CreateAsync(portal);
        var ranges = new List<(string, string, string)> { ("Monday", from, to) };
        if (second.Length > 0)
        {
            var p = second.Split('|');
            ranges.Add((p[0], p[1], p[2]));
        }

        var response = await tenant.Owner.SubmitAsync("/pbx/schedules/new", "/pbx/schedules", Form("Office", "Europe/London", [.. ranges]));

        Assert.Contains(message, await PbxTenants.FieldMessageAsync(response, "Ranges"));
        Assert.False(await portal.WithDbAsync(db => db.Schedules.AnyAsync(s => s.TenantId == tenant.Id)));
        Assert.Equal(0, await PbxTenants.ChangeCountAsync(portal, tenant.Id));
    }

    [Fact]
    public async Task BusinessHours_InAnUnknownTimeZone_AreRefused()
    {
        using var tenant = await PbxTenants.CreateAsync(portal);

        var response = await tenant.Owner.SubmitAsync("/pbx/schedules/new", "/pbx/schedules", Form("Office", "Mars/Olympus", ("Monday", "09:00", "17:00")));

        Assert.Contains("Choose a time zone from the list", await PbxTenants.FieldMessageAsync(response, "TimeZone"));
        Assert.False(await portal.WithDbAsync(db => db.Schedules.AnyAsync(s => s.TenantId == tenant.Id)));
    }
}

public sealed class ScheduleTestsOnSqlite(SqlitePortal portal) : ScheduleTests<SqlitePortal>(portal);

public sealed class ScheduleTestsOnPostgres(PostgresPortal portal) : ScheduleTests<PostgresPortal>(portal);

/// <summary>The portal at a known instant: Wednesday 25 November 2026, 10:00 UTC.</summary>
public sealed class SqlitePortalAtFixedTime : SqlitePortal
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero));

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock));
    }
}

public sealed class ScheduleOpenNowTests(SqlitePortalAtFixedTime portal) : IClassFixture<SqlitePortalAtFixedTime>
{
    [Fact]
    public async Task TheList_SaysOpenNowOrClosedNow_InEachSchedulesOwnTimeZone()
    {
        using var tenant = await PbxTenants.CreateAsync(portal);
        // 10:00 UTC on a Wednesday is 10:00 in London and 05:00 in New York.
        await tenant.Owner.SubmitAsync("/pbx/schedules/new", "/pbx/schedules", ScheduleTests<SqlitePortal>.Form("London office", "Europe/London", ("Wednesday", "09:00", "17:00")));
        await tenant.Owner.SubmitAsync("/pbx/schedules/new", "/pbx/schedules", ScheduleTests<SqlitePortal>.Form("New York office", "America/New_York", ("Wednesday", "09:00", "17:00")));
        var holiday = ScheduleTests<SqlitePortal>.Form("London, closed today", "Europe/London", ("Wednesday", "09:00", "17:00"));
        holiday.Add(new("Holidays", "2026-11-25 Staff day"));
        await tenant.Owner.SubmitAsync("/pbx/schedules/new", "/pbx/schedules", holiday);

        var page = await tenant.Owner.GetPageAsync("/pbx/schedules");

        Assert.Contains("data-schedule=\"London office\"", page);
        Assert.Equal("true", OpenNow(page, "London office"));
        Assert.Equal("false", OpenNow(page, "New York office"));
        Assert.Equal("false", OpenNow(page, "London, closed today"));
    }

    private static string OpenNow(string html, string name)
    {
        var at = html.IndexOf($"data-schedule=\"{name}\"", StringComparison.Ordinal);
        var badge = html.IndexOf("data-open-now=\"", at, StringComparison.Ordinal) + "data-open-now=\"".Length;
        return html[badge..html.IndexOf('"', badge)];
    }
}
