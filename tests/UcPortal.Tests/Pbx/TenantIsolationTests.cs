using System.Net;
using Microsoft.EntityFrameworkCore;
using UcPortal.Data.Entities;
using UcPortal.Tests.Infrastructure;

namespace UcPortal.Tests.Pbx;

/// <summary>Every PBX page and action, given the id of another tenant's object, answers 404 —
/// never 403, never 500 — and changes nothing. The same request for the tenant's own object is
/// checked not to be 404, so a mistyped route cannot make a row pass.</summary>
public abstract class TenantIsolationTests<TPortal>(TPortal portal) : IClassFixture<TPortal> where TPortal : PortalFactory
{
    public static TheoryData<string, string> Requests => new()
    {
        { "GET", "/pbx/extensions/{extension}" },
        { "POST", "/pbx/extensions/{extension}" },
        { "POST", "/pbx/extensions/{extension}/password" },
        { "POST", "/pbx/extensions/{extension}/reset-password" },
        { "POST", "/pbx/extensions/{extension}/delete" },
        { "GET", "/pbx/ring-groups/{group}" },
        { "POST", "/pbx/ring-groups/{group}" },
        { "POST", "/pbx/ring-groups/{group}/delete" },
        { "GET", "/pbx/schedules/{schedule}" },
        { "POST", "/pbx/schedules/{schedule}" },
        { "POST", "/pbx/schedules/{schedule}/delete" },
        { "GET", "/pbx/numbers/{number}" },
        { "POST", "/pbx/numbers/{number}" },
        { "GET", "/pbx/trunks/{trunk}" },
        { "POST", "/pbx/trunks/{trunk}" },
        { "POST", "/pbx/trunks/{trunk}/password" },
        { "POST", "/pbx/trunks/{trunk}/delete" },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task AnotherTenantsObject_Gives404_AndChangesNothing(string method, string template)
    {
        using var intruder = await PbxTenants.CreateAsync(portal);
        using var owner = await PbxTenants.CreateAsync(portal);
        var ids = await SeedObjectsAsync(owner.Id);
        var url = ids.Aggregate(template, (u, id) => u.Replace("{" + id.Key + "}", id.Value));
        var before = await StateAsync(owner.Id);

        var response = await SendAsync(intruder.Owner, method, url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(before, await StateAsync(owner.Id));

        var own = await SendAsync(owner.Owner, method, url);
        Assert.NotEqual(HttpStatusCode.NotFound, own.StatusCode);
        Assert.True((int)own.StatusCode < 500, $"{method} {url} for its own tenant answered {(int)own.StatusCode}");
    }

    private static async Task<HttpResponseMessage> SendAsync(PortalBrowser browser, string method, string url) =>
        method == "GET"
            ? await browser.GetAsync(url)
            : await browser.PostWithTokenAsync("/pbx/extensions", url, [new("Name", "Changed"), new("Number", "170"), new("Members", "100")]);

    private async Task<Dictionary<string, string>> SeedObjectsAsync(Guid tenantId) => await portal.WithDbAsync(async db =>
    {
        var extension = await db.Extensions.Where(e => e.TenantId == tenantId).OrderBy(e => e.Number).FirstAsync();
        var group = new RingGroup { Id = Guid.NewGuid(), TenantId = tenantId, Number = "160", Name = "Sales", Strategy = RingStrategy.Simultaneous };
        var schedule = new Schedule { Id = Guid.NewGuid(), TenantId = tenantId, Name = "Office", TimeZone = "Europe/London", Ranges = [new ScheduleRange { Day = DayOfWeek.Monday, StartMinute = 540, EndMinute = 1020 }] };
        var trunk = new SipTrunk { Id = Guid.NewGuid(), TenantId = tenantId, Name = "PBX", AuthMode = TrunkAuthMode.Registration, Username = "trunk-" + Guid.NewGuid().ToString("N")[..8], PasswordProtected = extension.SipPasswordProtected, Ha1 = extension.Ha1 };
        db.AddRange(group, schedule, trunk);
        await db.SaveChangesAsync();
        var number = await db.PhoneNumbers.Where(n => n.TenantId == tenantId).Select(n => n.Id).FirstAsync();
        return new Dictionary<string, string>
        {
            ["extension"] = extension.Id.ToString(),
            ["group"] = group.Id.ToString(),
            ["schedule"] = schedule.Id.ToString(),
            ["trunk"] = trunk.Id.ToString(),
            ["number"] = number.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    });

    /// <summary>What the owner's objects look like: counts, names and credentials.</summary>
    private Task<string> StateAsync(Guid tenantId) => portal.WithDbAsync(async db =>
        string.Join("|",
            await db.ConfigChanges.CountAsync(c => c.TenantId == tenantId),
            string.Join(",", await db.Extensions.Where(e => e.TenantId == tenantId).OrderBy(e => e.Number).Select(e => e.Number + e.Name + e.Ha1).ToListAsync()),
            string.Join(",", await db.RingGroups.Where(g => g.TenantId == tenantId).Select(g => g.Number + g.Name).ToListAsync()),
            string.Join(",", await db.Schedules.Where(s => s.TenantId == tenantId).Select(s => s.Name).ToListAsync()),
            string.Join(",", await db.SipTrunks.Where(t => t.TenantId == tenantId).Select(t => t.Name).ToListAsync()),
            await db.NumberRoutes.CountAsync(r => r.TenantId == tenantId)));
}

public sealed class TenantIsolationTestsOnSqlite(SqlitePortal portal) : TenantIsolationTests<SqlitePortal>(portal);

public sealed class TenantIsolationTestsOnPostgres(PostgresPortal portal) : TenantIsolationTests<PostgresPortal>(portal);
