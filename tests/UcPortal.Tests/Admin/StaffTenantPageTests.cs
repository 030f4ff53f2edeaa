using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UcPortal.Data.Entities;
using UcPortal.Tests.Infrastructure;
using UcPortal.Tests.Lifecycle;
using UcPortal.Web.Features.Lifecycle;

namespace UcPortal.Tests.Admin;

/// <summary>The staff page of one customer: state, dates, history with causes, and the staff
/// actions, which go through TenantLifecycle with "staff:&lt;email&gt;" as their cause.</summary>
public sealed partial class StaffTenantPageTests(SqlitePortal portal) : IClassFixture<SqlitePortal>
{
    [Fact]
    public async Task TheTenantPage_ShowsTheStateTheDatesAndTheHistoryNewestFirstWithCauses()
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        using var staff = await StaffBrowserAsync();
        var tenant = await portal.WithDbAsync(db => db.Tenants.AsNoTracking().SingleAsync(t => t.Id == owner.TenantId));

        var list = await staff.GetPageAsync("/admin/tenants?q=" + Uri.EscapeDataString(owner.Email));
        var page = await staff.GetPageAsync($"/admin/tenants/{owner.TenantId}");

        Assert.Contains($"href=\"/admin/tenants/{owner.TenantId}\"", list);
        Assert.Contains($"data-status=\"Trial\"", page);
        Assert.Contains($"{tenant.TrialExpiresAtUtc:yyyy-MM-dd HH:mm} UTC", page);
        var causes = CausePattern().Matches(page).Select(m => m.Groups[1].Value).ToList();
        // Provisioning (its history line, its PBX change, its email) is the newest, the signup (by the prospect's email) the oldest.
        Assert.Contains("job:trial-provisioning", causes.Take(3));
        Assert.Equal(owner.Email, causes.Last());
        Assert.Contains("id=\"extend-trial\"", page);
        Assert.Contains("id=\"suspend\"", page);
        Assert.DoesNotContain("id=\"resume\"", page);
    }

    [Fact]
    public async Task StaffSuspendAndResume_GoThroughTheLifecycle_WithTheirEmailAsCause()
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        var (staff, email) = await StaffBrowserWithEmailAsync();
        using var _ = staff;
        var page = $"/admin/tenants/{owner.TenantId}";
        var changesBefore = await portal.WithDbAsync(db => db.ConfigChanges.CountAsync(c => c.TenantId == owner.TenantId));

        var suspend = await staff.SubmitAsync(page, $"{page}/suspend", [new("reason", "Autodialler pattern reported by the carrier")]);

        Assert.Equal(HttpStatusCode.Redirect, suspend.StatusCode);
        var tenant = await portal.WithDbAsync(db => db.Tenants.AsNoTracking().SingleAsync(t => t.Id == owner.TenantId));
        Assert.Equal((TenantStatus.Suspended, SuspensionReason.Staff), (tenant.Status, tenant.SuspensionReason));
        var line = await LastEventAsync(owner.TenantId);
        Assert.Equal("staff:" + email, line.Actor);
        Assert.Contains("Autodialler pattern reported by the carrier", line.Message);
        // The SIP core is told: a change is recorded for the sync.
        Assert.Equal(changesBefore + 1, await portal.WithDbAsync(db => db.ConfigChanges.CountAsync(c => c.TenantId == owner.TenantId)));
        var shown = await staff.GetPageAsync(page);
        Assert.Contains("Suspended: calls and registrations are refused", shown);
        Assert.Contains("data-status=\"Suspended\"", shown);
        Assert.Contains("id=\"resume\"", shown);

        var resume = await staff.SubmitAsync(page, $"{page}/resume", []);

        Assert.Equal(HttpStatusCode.Redirect, resume.StatusCode);
        tenant = await portal.WithDbAsync(db => db.Tenants.AsNoTracking().SingleAsync(t => t.Id == owner.TenantId));
        Assert.Equal((TenantStatus.Trial, SuspensionReason.None, (DateTime?)null), (tenant.Status, tenant.SuspensionReason, tenant.SuspendedAtUtc));
        Assert.Equal(("staff:" + email, "Resumed by staff: service resumed"), ((await LastEventAsync(owner.TenantId)).Actor, (await LastEventAsync(owner.TenantId)).Message));
    }

    [Fact]
    public async Task ExtendingAnExpiredTrial_ResumesIt_AndADoubleSubmitExtendsOnce()
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        var (staff, email) = await StaffBrowserWithEmailAsync();
        using var _ = staff;
        await portal.WithDbAsync(db => db.Tenants.Where(t => t.Id == owner.TenantId)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.TrialExpiresAtUtc, DateTime.UtcNow.AddHours(-1))));
        await using (var scope = portal.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<TrialExpiryJob>().RunAsync(CancellationToken.None);
        }
        var page = $"/admin/tenants/{owner.TenantId}";
        var form = await staff.GetPageAsync(page);
        Assert.Contains("data-status=\"Suspended\"", form);
        Assert.DoesNotContain("id=\"resume\"", form);
        Assert.Contains("resumes when the customer upgrades or when you extend the trial", form);
        var ticks = TicksPattern().Match(form).Groups[1].Value;

        var first = await staff.SubmitAsync(page, $"{page}/extend-trial", [new("days", "7"), new("currentEndTicks", ticks)]);
        var second = await staff.SubmitAsync(page, $"{page}/extend-trial", [new("days", "7"), new("currentEndTicks", ticks)]);

        Assert.Equal((HttpStatusCode.Redirect, HttpStatusCode.Redirect), (first.StatusCode, second.StatusCode));
        var tenant = await portal.WithDbAsync(db => db.Tenants.AsNoTracking().SingleAsync(t => t.Id == owner.TenantId));
        Assert.Equal((TenantStatus.Trial, SuspensionReason.None), (tenant.Status, tenant.SuspensionReason));
        Assert.InRange(tenant.TrialExpiresAtUtc!.Value, DateTime.UtcNow.AddDays(7).AddMinutes(-5), DateTime.UtcNow.AddDays(7).AddMinutes(1));
        var lines = await portal.WithDbAsync(db => db.TenantEvents.AsNoTracking().Where(e => e.TenantId == owner.TenantId && e.Actor == "staff:" + email).OrderBy(e => e.Id).Select(e => e.Message).ToListAsync());
        Assert.Equal(2, lines.Count);
        Assert.StartsWith("Trial extended by 7 day(s)", lines[0]);
        Assert.Equal("Trial extended: service resumed", lines[1]);
        Assert.Contains("the trial end was changed meanwhile", await staff.GetPageAsync(page));
    }

    [Fact]
    public async Task AStaffActionWithoutTheAntiforgeryToken_IsRefused_AndACustomerCannotOpenTheTenantPage()
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        using var staff = await StaffBrowserAsync();

        var forged = await staff.Http.PostAsync($"/admin/tenants/{owner.TenantId}/suspend", new FormUrlEncodedContent([new("reason", "x")]));
        var customer = await owner.Browser.GetAsync($"/admin/tenants/{owner.TenantId}");
        var unknown = await staff.GetAsync($"/admin/tenants/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(TenantStatus.Trial, await portal.WithDbAsync(db => db.Tenants.Where(t => t.Id == owner.TenantId).Select(t => t.Status).SingleAsync()));
        Assert.Equal(HttpStatusCode.Redirect, customer.StatusCode);
        Assert.Contains("/account/access-denied", customer.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    private async Task<PortalBrowser> StaffBrowserAsync() => (await StaffBrowserWithEmailAsync()).Browser;

    private async Task<(PortalBrowser Browser, string Email)> StaffBrowserWithEmailAsync()
    {
        var email = await Staff.CreateAsync(portal, StaffRoles.Support);
        var browser = portal.CreateBrowser();
        await browser.LogInAsync(email, Staff.Password);
        return (browser, email);
    }

    private Task<TenantEvent> LastEventAsync(Guid tenantId) =>
        portal.WithDbAsync(db => db.TenantEvents.AsNoTracking().Where(e => e.TenantId == tenantId).OrderByDescending(e => e.Id).FirstAsync());

    [GeneratedRegex("<div class=\"small mono text-body-secondary\" data-cause>([^<]*)</div>")]
    private static partial Regex CausePattern();

    [GeneratedRegex("name=\"currentEndTicks\" value=\"(\\d+)\"")]
    private static partial Regex TicksPattern();
}
