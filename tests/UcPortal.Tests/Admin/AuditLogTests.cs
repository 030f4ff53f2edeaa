using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UcPortal.Data;
using UcPortal.Data.Entities;
using UcPortal.Tests.Infrastructure;
using UcPortal.Web.Features.Shared;

namespace UcPortal.Tests.Admin;

/// <summary>The audit log: one line per staff action in the action's commit, the staff page's
/// filters and paging, and the database refusing to change or delete a line.</summary>
public abstract partial class AuditLogTests<TPortal>(TPortal portal) : IClassFixture<TPortal> where TPortal : PortalFactory
{
    [Fact]
    public async Task EachStaffActionOnATenant_WritesOneAuditLine_WithTheTenantTheActorAndTheDetail()
    {
        using var owner = await TenantOwner.CreateAsync(portal);
        var email = await Staff.CreateAsync(portal, StaffRoles.Support);
        using var staff = portal.CreateBrowser();
        await staff.LogInAsync(email, Staff.Password);
        var page = $"/admin/tenants/{owner.TenantId}";

        await staff.SubmitAsync(page, $"{page}/suspend", [new("reason", "Fraud report #42")]);
        await staff.SubmitAsync(page, $"{page}/suspend", [new("reason", "twice")]); // refused: already suspended
        await staff.SubmitAsync(page, $"{page}/resume", []);
        var ticks = TicksPattern().Match(await staff.GetPageAsync(page)).Groups[1].Value;
        await staff.SubmitAsync(page, $"{page}/extend-trial", [new("days", "5"), new("currentEndTicks", ticks)]);

        var lines = await portal.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.TenantId == owner.TenantId).OrderBy(e => e.Id).ToListAsync());
        Assert.Equal([AuditActions.TenantSuspend, AuditActions.TenantResume, AuditActions.TenantExtendTrial], lines.Select(e => e.Action));
        Assert.All(lines, e => Assert.Equal(email, e.Actor));
        Assert.StartsWith("Reason: Fraud report #42. Suspended:", lines[0].Detail);
        Assert.StartsWith("Trial extended: it now ends", lines[2].Detail);
        var tenantName = await portal.WithDbAsync(db => db.Tenants.Where(t => t.Id == owner.TenantId).Select(t => t.Name).SingleAsync());
        Assert.All(lines, e => Assert.Equal(tenantName, e.Target));

        var shown = await staff.GetPageAsync($"/admin/audit?tenant={owner.TenantId}");
        Assert.Equal(3, AuditRow().Matches(shown).Count);
        Assert.Contains("3 lines", shown);
    }

    [Fact]
    public async Task TheAuditPage_FiltersByPersonActionTenantAndDates_AndPages()
    {
        var tenantId = Guid.NewGuid();
        var person = $"auditor-{Guid.NewGuid():N}@ucportal.test";
        await using (var scope = portal.Scope())
        {
            var audit = scope.ServiceProvider.GetRequiredService<StaffAudit>();
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            for (var i = 0; i < 60; i++)
            {
                audit.Record(i % 2 == 0 ? AuditActions.TenantSuspend : AuditActions.TenantResume, tenantId, "Acme", $"line {i}", actor: person);
            }
            audit.Record(AuditActions.SignInFailed, null, person, "old", actor: person).AtUtc = new DateTime(2020, 1, 15, 12, 0, 0, DateTimeKind.Utc);
            await db.SaveChangesAsync();
        }
        var email = await Staff.CreateAsync(portal, StaffRoles.Support);
        using var staff = portal.CreateBrowser();
        await staff.LogInAsync(email, Staff.Password);

        var byPerson = await staff.GetPageAsync("/admin/audit?person=" + Uri.EscapeDataString(person.ToUpperInvariant()[..20]));
        var page2 = await staff.GetPageAsync("/admin/audit?person=" + Uri.EscapeDataString(person) + "&page=2");
        var suspends = await staff.GetPageAsync($"/admin/audit?tenant={tenantId}&action=tenant.suspend");
        var tenantActions = await staff.GetPageAsync($"/admin/audit?tenant={tenantId}&action=tenant.");
        var january2020 = await staff.GetPageAsync("/admin/audit?person=" + Uri.EscapeDataString(person) + "&from=2020-01-01&to=2020-01-31");
        var day = await staff.GetPageAsync("/admin/audit?person=" + Uri.EscapeDataString(person) + "&from=2020-01-15&to=2020-01-15");
        var none = await staff.GetPageAsync("/admin/audit?person=" + Uri.EscapeDataString(person) + "&from=2020-01-16&to=2020-01-31");

        Assert.Contains("61 lines", byPerson);
        Assert.Contains("page 1 of 2", byPerson);
        Assert.Equal(50, AuditRow().Matches(byPerson).Count);
        Assert.Contains("line 59", byPerson);
        Assert.Equal(11, AuditRow().Matches(page2).Count);
        Assert.Contains(">old<", page2);
        Assert.Contains("30 lines", suspends);
        Assert.DoesNotContain("data-action=\"tenant.resume\"", suspends);
        Assert.Contains("60 lines", tenantActions);
        Assert.Contains("1 line ", january2020);
        Assert.Contains("1 line ", day);
        Assert.Contains("No audit line matches these filters.", none);
    }

    [Fact]
    public async Task TheDatabase_RefusesToUpdateOrDeleteAnAuditLine()
    {
        long id;
        await using (var scope = portal.Scope())
        {
            var entry = scope.ServiceProvider.GetRequiredService<StaffAudit>().Record(AuditActions.TenantSuspend, Guid.NewGuid(), "Acme", "kept as written", actor: "tamper-test@ucportal.test");
            await scope.ServiceProvider.GetRequiredService<PortalUnitOfWork>().CommitAsync(CancellationToken.None);
            id = entry.Id;
        }

        var update = await Record.ExceptionAsync(() => portal.WithDbAsync(db =>
            db.Database.ExecuteSqlRawAsync("UPDATE \"AuditEntries\" SET \"Detail\" = 'rewritten' WHERE \"Id\" = {0}", id)));
        var delete = await Record.ExceptionAsync(() => portal.WithDbAsync(db =>
            db.Database.ExecuteSqlRawAsync("DELETE FROM \"AuditEntries\" WHERE \"Id\" = {0}", id)));
        var efUpdate = await Record.ExceptionAsync(() => portal.WithDbAsync(db =>
            db.AuditEntries.Where(e => e.Id == id).ExecuteUpdateAsync(s => s.SetProperty(e => e.Actor, "someone else"))));
        var efDelete = await Record.ExceptionAsync(() => portal.WithDbAsync(async db =>
        {
            db.AuditEntries.Remove(await db.AuditEntries.SingleAsync(e => e.Id == id));
            return await db.SaveChangesAsync();
        }));

        Assert.All([update, delete, efUpdate, efDelete], e => Assert.Contains("AuditEntries is append-only", e?.ToString() ?? "no exception"));
        var kept = await portal.WithDbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(e => e.Id == id));
        Assert.Equal(("kept as written", "tamper-test@ucportal.test"), (kept.Detail, kept.Actor));
        if (portal.Provider == DatabaseProvider.Postgres)
        {
            var truncate = await Record.ExceptionAsync(() => portal.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("TRUNCATE \"AuditEntries\"")));
            Assert.Contains("AuditEntries is append-only", truncate?.ToString() ?? "no exception");
        }
    }

    [GeneratedRegex("<tr data-audit=\"")]
    private static partial Regex AuditRow();

    [GeneratedRegex("name=\"currentEndTicks\" value=\"(\\d+)\"")]
    private static partial Regex TicksPattern();
}

public sealed class AuditLogTestsOnSqlite(SqlitePortal portal) : AuditLogTests<SqlitePortal>(portal);

public sealed class AuditLogTestsOnPostgres(PostgresPortal portal) : AuditLogTests<PostgresPortal>(portal);
