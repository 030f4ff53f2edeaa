using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using UcPortal.Data;
using UcPortal.Data.Entities;
using UcPortal.Tests.Infrastructure;

namespace UcPortal.Tests.Pbx;

/// <summary>Holds every save that adds an extension or a ring group until <see cref="Arm"/>'s count of
/// them have arrived, then lets them all go at once: each has passed its own checks, none has seen
/// the others' numbers, and only the database can tell them apart.</summary>
public sealed class SimultaneousSaves : SaveChangesInterceptor
{
    private readonly Lock _lock = new();
    private int _expected;
    private int _arrived;
    private TaskCompletionSource _allArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Arm(int saves)
    {
        lock (_lock)
        {
            _expected = saves;
            _arrived = 0;
            _allArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void Disarm()
    {
        lock (_lock)
        {
            _expected = 0;
            _allArrived.TrySetResult();
        }
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Task wait;
        lock (_lock)
        {
            var addsANumber = eventData.Context!.ChangeTracker.Entries().Any(e => e.State == EntityState.Added && e.Entity is Extension or RingGroup);
            if (_expected == 0 || !addsANumber)
            {
                return result;
            }
            if (++_arrived == _expected)
            {
                _allArrived.TrySetResult();
            }
            wait = _allArrived.Task;
        }
        await wait.WaitAsync(TimeSpan.FromSeconds(20), cancellationToken);
        return result;
    }
}

public class DialPlanPortal<TPortal> : IDisposable where TPortal : PortalFactory, new()
{
    public DialPlanPortal() => Portal.TestServices = s => s.ConfigureDbContext<PortalDbContext>(o => o.AddInterceptors(Saves));

    public SimultaneousSaves Saves { get; } = new();

    public TPortal Portal { get; } = new();

    public void Dispose() => Portal.Dispose();
}

public sealed class SqliteDialPlanPortal : DialPlanPortal<SqlitePortal>;

public sealed class PostgresDialPlanPortal : DialPlanPortal<PostgresPortal>;

/// <summary>Extension and ring-group numbers share one number space, and the database keeps it:
/// the DialPlanNumbers table's key (tenant, number) admits one owner per number.</summary>
public abstract class DialPlanNumberTests<TFixture, TPortal>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : DialPlanPortal<TPortal>
    where TPortal : PortalFactory, new()
{
    private PortalFactory Portal => fixture.Portal;

    private static List<KeyValuePair<string, string>> GroupForm(string number) =>
        [new("Number", number), new("Name", "Sales"), new("Members", "100"), new("Strategy", "Simultaneous"), new("RingSeconds", "20"), new("NoAnswer.Choice", "")];

    [Fact]
    public async Task AnExtensionAndARingGroupSavedAtTheSameMoment_WithOneNumber_OneIsSaved_AndTheOtherIsToldTheNumberIsTaken()
    {
        using var tenant = await PbxTenants.CreateAsync(Portal);
        // The antiforgery cookie exists before the two forms are loaded side by side.
        await tenant.Owner.GetPageAsync("/pbx/extensions/new");

        foreach (var number in new[] { "150", "151", "152" })
        {
            fixture.Saves.Arm(2);
            HttpResponseMessage extension, group;
            try
            {
                var extensionSave = tenant.Owner.SubmitAsync("/pbx/extensions/new", "/pbx/extensions", [new("Number", number), new("Name", "Reception")]);
                var groupSave = tenant.Owner.SubmitAsync("/pbx/ring-groups/new", "/pbx/ring-groups", GroupForm(number));
                (extension, group) = (await extensionSave, await groupSave);
            }
            finally
            {
                fixture.Saves.Disarm();
            }

            // Exactly one is saved; the other shows the form again with the message next to the number.
            var statuses = new[] { extension.StatusCode, group.StatusCode };
            Assert.Contains(HttpStatusCode.Redirect, statuses);
            Assert.Contains(HttpStatusCode.UnprocessableEntity, statuses);
            var loser = extension.StatusCode == HttpStatusCode.UnprocessableEntity ? extension : group;
            var winnerKind = loser == extension ? "ring group" : "extension";
            Assert.Contains($"{number} is already {winnerKind} {number}", await PbxTenants.FieldMessageAsync(loser, "Number"));

            var (extensions, groups, claims) = await Portal.WithDbAsync(async db => (
                await db.Extensions.CountAsync(e => e.TenantId == tenant.Id && e.Number == number),
                await db.RingGroups.CountAsync(g => g.TenantId == tenant.Id && g.Number == number),
                await db.DialPlanNumbers.CountAsync(d => d.TenantId == tenant.Id && d.Number == number)));
            Assert.Equal(1, extensions + groups);
            Assert.Equal(1, claims);
        }
    }

    [Fact]
    public async Task TheDatabase_RefusesARingGroupWithAnExtensionsNumber_EvenWhenTheChecksAreSkipped()
    {
        using var tenant = await PbxTenants.CreateAsync(Portal);

        var save = Portal.WithDbAsync(db =>
        {
            db.RingGroups.Add(new RingGroup { Id = Guid.NewGuid(), TenantId = tenant.Id, Number = "101", Name = "Clash", CreatedAtUtc = DateTime.UtcNow });
            return db.SaveChangesAsync();
        });

        var refused = await Assert.ThrowsAsync<DbUpdateException>(() => save);
        Assert.Contains("DialPlanNumbers", refused.InnerException?.Message);
        Assert.False(await Portal.WithDbAsync(db => db.RingGroups.AnyAsync(g => g.TenantId == tenant.Id)));
    }

    [Fact]
    public async Task DeletingOrRenumbering_FreesTheNumberForTheOtherKind()
    {
        using var tenant = await PbxTenants.CreateAsync(Portal);
        Assert.Equal(HttpStatusCode.Redirect, (await tenant.Owner.SubmitAsync("/pbx/ring-groups/new", "/pbx/ring-groups", GroupForm("160"))).StatusCode);
        var groupId = await Portal.WithDbAsync(db => db.RingGroups.Where(g => g.TenantId == tenant.Id).Select(g => g.Id).SingleAsync());
        var e102 = await PbxTenants.ExtensionIdAsync(Portal, tenant.Id, "102");

        // The group moves from 160 to 161; an extension can then take 160.
        Assert.Equal(HttpStatusCode.Redirect, (await tenant.Owner.SubmitAsync($"/pbx/ring-groups/{groupId}", $"/pbx/ring-groups/{groupId}", GroupForm("161"))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await tenant.Owner.SubmitAsync("/pbx/extensions/new", "/pbx/extensions", [new("Number", "160"), new("Name", "Lobby")])).StatusCode);
        // Extension 102 is deleted; a group can then take 102.
        Assert.Equal(HttpStatusCode.Redirect, (await tenant.Owner.PostWithTokenAsync($"/pbx/extensions/{e102}", $"/pbx/extensions/{e102}/delete")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await tenant.Owner.SubmitAsync("/pbx/ring-groups/new", "/pbx/ring-groups", GroupForm("102"))).StatusCode);

        var claims = await ClaimsAsync(tenant.Id);
        var extensionIds = await Portal.WithDbAsync(db => db.Extensions.Where(e => e.TenantId == tenant.Id).ToDictionaryAsync(e => e.Number, e => e.Id));
        var groupIds = await Portal.WithDbAsync(db => db.RingGroups.Where(g => g.TenantId == tenant.Id).ToDictionaryAsync(g => g.Number, g => g.Id));
        Assert.Equal(["100", "101", "102", "160", "161"], claims.Keys.Order());
        Assert.Equal(extensionIds["160"], claims["160"].ExtensionId);
        Assert.Equal(groupId, claims["161"].RingGroupId);
        Assert.Equal(groupIds["102"], claims["102"].RingGroupId);
        Assert.Equal(extensionIds["100"], claims["100"].ExtensionId);
    }

    [Fact]
    public async Task TheMigration_GivesExistingExtensionsAndRingGroupsTheirNumbers_AndSurvivesAnOldClash()
    {
        using var tenant = await PbxTenants.CreateAsync(Portal);
        await tenant.Owner.SubmitAsync("/pbx/ring-groups/new", "/pbx/ring-groups", GroupForm("160"));
        await tenant.Owner.SubmitAsync("/pbx/ring-groups/new", "/pbx/ring-groups", GroupForm("170"));
        var (group160, group170) = await Portal.WithDbAsync(async db => (
            await db.RingGroups.Where(g => g.TenantId == tenant.Id && g.Number == "160").Select(g => g.Id).SingleAsync(),
            await db.RingGroups.Where(g => g.TenantId == tenant.Id && g.Number == "170").Select(g => g.Id).SingleAsync()));

        // Back to the database before DialPlanNumbers, where a group could end up with an extension's number.
        await MigrateAsync("PbxConfiguration");
        await Portal.WithDbAsync(db => db.Database.ExecuteSqlInterpolatedAsync($"UPDATE \"RingGroups\" SET \"Number\" = '101' WHERE \"Id\" = {group170}"));
        await MigrateAsync(null);

        var claims = await ClaimsAsync(tenant.Id);
        Assert.Equal(["100", "101", "102", "160"], claims.Keys.Order());
        Assert.Equal(await PbxTenants.ExtensionIdAsync(Portal, tenant.Id, "101"), claims["101"].ExtensionId);
        Assert.Equal(group160, claims["160"].RingGroupId);
        // The clashing group is asked for another number the next time it is saved, and gets it.
        var response = await tenant.Owner.SubmitAsync($"/pbx/ring-groups/{group170}", $"/pbx/ring-groups/{group170}", GroupForm("101"));
        Assert.Contains("101 is already extension 101", await PbxTenants.FieldMessageAsync(response, "Number"));
        Assert.Equal(HttpStatusCode.Redirect, (await tenant.Owner.SubmitAsync($"/pbx/ring-groups/{group170}", $"/pbx/ring-groups/{group170}", GroupForm("171"))).StatusCode);
        Assert.Equal(group170, (await ClaimsAsync(tenant.Id))["171"].RingGroupId);
    }

    private Task<Dictionary<string, DialPlanNumber>> ClaimsAsync(Guid tenantId) =>
        Portal.WithDbAsync(db => db.DialPlanNumbers.AsNoTracking().Where(d => d.TenantId == tenantId).ToDictionaryAsync(d => d.Number));

    private async Task MigrateAsync(string? target)
    {
        await using var scope = Portal.Scope();
        await scope.ServiceProvider.GetRequiredService<PortalDbContext>().GetService<IMigrator>().MigrateAsync(target);
    }
}

public sealed class DialPlanNumberTestsOnSqlite(SqliteDialPlanPortal fixture) : DialPlanNumberTests<SqliteDialPlanPortal, SqlitePortal>(fixture);

public sealed class DialPlanNumberTestsOnPostgres(PostgresDialPlanPortal fixture) : DialPlanNumberTests<PostgresDialPlanPortal, PostgresPortal>(fixture);
