using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UcPortal.Data.Entities;
using UcPortal.Pbx;
using UcPortal.Tests.Billing;
using UcPortal.Tests.Infrastructure;
using UcPortal.Web.Features.Funnel;
using UcPortal.Web.Features.Usage;

namespace UcPortal.Tests.Funnel;

/// <summary>The trial funnel (/admin/funnel): each milestone is recorded once by the job that sees it
/// (first registration, first call, conversion) and counted in the trial's signup week; the page
/// shows each week's counts, rates and the median time to the first call.</summary>
public abstract partial class TrialFunnelTests<TPortal>(TPortal portal) : IClassFixture<TPortal> where TPortal : PortalFactory
{
    [Fact]
    public async Task ATrial_IsCountedAtEachMilestone_InItsSignupWeek_EachRecordedOnce()
    {
        using var staff = await SupportAsync();
        var before = Totals(await staff.GetPageAsync("/admin/funnel"));

        using var owner = await TenantOwner.CreateAsync(portal);
        var provisioned = Totals(await staff.GetPageAsync("/admin/funnel"));

        await RecordRegistrationsAsync([owner.SipDomain.ToUpperInvariant(), "nobody.example"]);
        var firstSeen = await TenantAsync(owner.TenantId);
        await RecordRegistrationsAsync([owner.SipDomain]);
        var registered = Totals(await staff.GetPageAsync("/admin/funnel"));

        var now = DateTime.UtcNow;
        await ImportCallsAsync(
            new SipCallRecord(Random.Shared.NextInt64(1, long.MaxValue / 2), "c1-" + Guid.NewGuid(), owner.SipDomain, "internal", "100", "101", now.AddMinutes(-5), 30, "answered"),
            new SipCallRecord(Random.Shared.NextInt64(1, long.MaxValue / 2), "c2-" + Guid.NewGuid(), owner.SipDomain, "inbound", "+447700900123", "+441134960000", now.AddMinutes(-20), 60, "answered"));
        var called = Totals(await staff.GetPageAsync("/admin/funnel"));

        await TestModeBilling.UpgradeAsync(owner.Browser);
        var converted = Totals(await staff.GetPageAsync("/admin/funnel"));

        Assert.Equal([1, 1, 1, 0, 0, 0], Delta(before, provisioned));
        Assert.Equal([1, 1, 1, 1, 0, 0], Delta(before, registered));
        Assert.Equal([1, 1, 1, 1, 1, 0], Delta(before, called));
        Assert.Equal([1, 1, 1, 1, 1, 1], Delta(before, converted));
        var tenant = await TenantAsync(owner.TenantId);
        Assert.Equal(firstSeen.FirstRegistrationAtUtc, tenant.FirstRegistrationAtUtc);
        Assert.Equal(1, await portal.WithDbAsync(db => db.TenantEvents.CountAsync(e => e.TenantId == owner.TenantId && e.Message == "First phone registered")));
        // The earliest call, not the first imported.
        Assert.Equal(now.AddMinutes(-20), tenant.FirstCallAtUtc!.Value, TimeSpan.FromSeconds(1));
        Assert.NotNull(tenant.ConvertedAtUtc);
        Assert.Equal(TenantStatus.Active, tenant.Status);
    }

    [Fact]
    public async Task AWeek_ShowsItsCountsRates_AndTheMedianTimeToFirstCall()
    {
        // Five signups of one week ten weeks ago (no other test uses that week): all confirmed, four
        // provisioned, three registered, three called after 1 h, 3 h and 10 h, one converted.
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7) - 70);
        var weekStart = monday.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        double?[] firstCallHours = [1, 3, 10, null, null];
        for (var i = 0; i < 5; i++)
        {
            await SeedTrialAsync(weekStart.AddDays(i).AddHours(9), provisioned: i < 4, registered: i < 3, firstCallAfterHours: firstCallHours[i], converted: i == 0);
        }
        using var staff = await SupportAsync();

        var page = WebUtility.HtmlDecode(await staff.GetPageAsync("/admin/funnel?weeks=12"));

        var row = WeekRow(page, monday.ToString("yyyy-MM-dd"));
        Assert.Equal(["5", "5", "4", "3", "3", "1"], CellCounts(row).Take(6));
        Assert.Contains("(80 %)", row);   // provisioned of confirmed
        Assert.Contains("(75 %)", row);   // registered of provisioned
        Assert.Contains(">20 %<", row);   // signup → paid
        Assert.Contains(">3 h 0 min<", row); // median of 1 h, 3 h, 10 h
        Assert.Contains("data-chart=", page);
        Assert.Contains("<script src=\"/js/funnel-chart.js", page);
    }

    [Fact]
    public async Task TheFunnel_IsForStaffOnly()
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        var anonymous = portal.CreateBrowser();

        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.GetAsync("/admin/funnel")).StatusCode);
        var customer = await owner.Browser.GetAsync("/admin/funnel");
        Assert.Contains("/account/access-denied", customer.Headers.Location!.ToString());
    }

    private async Task SeedTrialAsync(DateTime createdAt, bool provisioned, bool registered, double? firstCallAfterHours, bool converted)
    {
        var id = Guid.NewGuid();
        var tag = id.ToString("N")[..10];
        await portal.WithDbAsync(async db =>
        {
            var plan = await db.Plans.Where(p => p.IsTrial).Select(p => p.Id).FirstAsync();
            var provisionedAt = createdAt.AddMinutes(10);
            db.TrialSignups.Add(new TrialSignup
            {
                Id = id, UserId = "funnel-" + tag, FullName = "Funnel " + tag, Company = "Funnel " + tag, Email = $"{tag}@funnel.test",
                NormalizedEmail = $"{tag}@FUNNEL.TEST", Country = "GB", MobileE164 = "+4477009" + Random.Shared.Next(10_000_000, 99_999_999),
                RequestedCountry = "GB", RequestedCity = "London", SignupIp = "192.0.2.1", SignupNetwork = "192.0.2.0/24",
                Status = provisioned ? TrialSignupStatus.Provisioned : TrialSignupStatus.Provisioning,
                CreatedAtUtc = createdAt, ConfirmedAtUtc = createdAt.AddMinutes(2), ProvisionedAtUtc = provisioned ? provisionedAt : null,
                TenantId = provisioned ? id : null,
            });
            if (provisioned)
            {
                db.Tenants.Add(new Tenant
                {
                    Id = id, Name = "Funnel " + tag, SipDomain = tag + ".funnel.test", Status = converted ? TenantStatus.Active : TenantStatus.Trial, PlanId = plan,
                    Country = "GB", CreatedAtUtc = provisionedAt,
                    FirstRegistrationAtUtc = registered ? provisionedAt.AddMinutes(30) : null,
                    FirstCallAtUtc = firstCallAfterHours is { } h ? provisionedAt.AddHours(h) : null,
                    ConvertedAtUtc = converted ? provisionedAt.AddDays(5) : null,
                });
            }
            return await db.SaveChangesAsync();
        });
    }

    private async Task RecordRegistrationsAsync(IReadOnlyCollection<string> domains)
    {
        await using var scope = portal.Scope();
        await scope.ServiceProvider.GetRequiredService<FirstRegistrationJob>().RecordAsync(domains, CancellationToken.None);
    }

    private async Task ImportCallsAsync(params SipCallRecord[] records)
    {
        await using var scope = portal.Scope();
        await scope.ServiceProvider.GetRequiredService<CallRecordImportJob>().ImportAsync(records, CancellationToken.None);
    }

    private Task<Tenant> TenantAsync(Guid id) => portal.WithDbAsync(db => db.Tenants.AsNoTracking().SingleAsync(t => t.Id == id));

    private async Task<PortalBrowser> SupportAsync()
    {
        var email = await Staff.CreateAsync(portal, StaffRoles.Support);
        var browser = portal.CreateBrowser();
        await browser.LogInAsync(email, Staff.Password);
        return browser;
    }

    private static int[] Totals(string page) => TotalPattern().Matches(page).Select(m => int.Parse(m.Groups[1].Value)).ToArray();

    private static int[] Delta(int[] before, int[] after) => after.Zip(before, (a, b) => a - b).ToArray();

    private static string WeekRow(string page, string week)
    {
        var start = page.IndexOf($"<tr data-week=\"{week}\">", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no row for the week of {week}");
        return page[start..page.IndexOf("</tr>", start, StringComparison.Ordinal)];
    }

    private static IEnumerable<string> CellCounts(string row) => CellPattern().Matches(row).Select(m => m.Groups[1].Value);

    [GeneratedRegex("data-step=\"\\d\">(\\d+)<")]
    private static partial Regex TotalPattern();

    [GeneratedRegex("<td class=\"text-end\">(\\d+)")]
    private static partial Regex CellPattern();
}

public sealed class TrialFunnelTestsOnSqlite(SqlitePortal portal) : TrialFunnelTests<SqlitePortal>(portal);

public sealed class TrialFunnelTestsOnPostgres(PostgresPortal portal) : TrialFunnelTests<PostgresPortal>(portal);
