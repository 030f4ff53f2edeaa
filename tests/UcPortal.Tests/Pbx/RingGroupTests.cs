using System.Net;
using Microsoft.EntityFrameworkCore;
using UcPortal.Data.Entities;
using UcPortal.Tests.Infrastructure;

namespace UcPortal.Tests.Pbx;

public abstract class RingGroupTests<TPortal>(TPortal portal) : IClassFixture<TPortal> where TPortal : PortalFactory
{
    private static List<KeyValuePair<string, string>> Form(string number = "160", string name = "Sales", string members = "101, 100", string noAnswer = "", string strategy = "Sequential", string seconds = "15") =>
    [
        new("Number", number), new("Name", name), new("Members", members), new("Strategy", strategy),
        new("RingSeconds", seconds), new("NoAnswer.Choice", noAnswer),
    ];

    [Fact]
    public async Task AddingARingGroup_StoresItsMembersInOrder_AndRecordsTheChange()
    {
        using var tenant = await PbxTenants.CreateAsync(portal);

        var response = await tenant.Owner.SubmitAsync("/pbx/ring-groups/new", "/pbx/ring-groups", Form(noAnswer: "ext:102"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var group = await portal.WithDbAsync(db => db.RingGroups.AsNoTracking().Include(g => g.Members).ThenInclude(m => m.Extension).SingleAsync(g => g.TenantId == tenant.Id));
        Assert.Equal(["101", "100"], group.Members.OrderBy(m => m.Position).Select(m => m.Extension!.Number));
        Assert.Equal(RingStrategy.Sequential, group.Strategy);
        Assert.Equal("102", group.NoAnswerDestination.Target);
        Assert.Equal("Ring group 160 added", await portal.WithDbAsync(db => db.ConfigChanges.Where(c => c.TenantId == tenant.Id).Select(c => c.Description).SingleAsync()));

        // Reordering keeps the same members without tracking conflicts.
        var edit = await tenant.Owner.SubmitAsync($"/pbx/ring-groups/{group.Id}", $"/pbx/ring-groups/{group.Id}", Form(members: "100 101 102"));
        Assert.Equal(HttpStatusCode.Redirect, edit.StatusCode);
        var edited = await portal.WithDbAsync(db => db.RingGroups.AsNoTracking().Include(g => g.Members).ThenInclude(m => m.Extension).SingleAsync(g => g.Id == group.Id));
        Assert.Equal(["100", "101", "102"], edited.Members.OrderBy(m => m.Position).Select(m => m.Extension!.Number));
    }

    public static TheoryData<string, string, string, string, string> BadGroups => new()
    {
        // number, members, no-answer, field, message
        { "101", "100", "", "Number", "101 is already extension 101" },
        { "600", "100", "", "Number", "uses numbers from 100 to 499" },
        { "160", "", "", "Members", "Add at least one extension" },
        { "160", "100, 177", "", "Members", "177 is not one of your extensions" },
        { "160", "100", "grp:160", "NoAnswer", "Choose a destination from the list." },
    };

    [Theory]
    [MemberData(nameof(BadGroups))]
    public async Task AddingARingGroup_WithBadInput_ShowsTheMessage_AndWritesNothing(string number, string members, string noAnswer, string field, string message)
    {
        using var tenant = await PbxTenants.CreateAsync(portal);

        var response = await tenant.Owner.SubmitAsync("/pbx/ring-groups/new", "/pbx/ring-groups", Form(number: number, members: members, noAnswer: noAnswer));

        Assert.Contains(message, await PbxTenants.FieldMessageAsync(response, field));
        Assert.False(await portal.WithDbAsync(db => db.RingGroups.AnyAsync(g => g.TenantId == tenant.Id)));
        Assert.Equal(0, await PbxTenants.ChangeCountAsync(portal, tenant.Id));
    }

    [Fact]
    public async Task AGroupWhoseNoAnswerDestinationIsItself_IsRefused()
    {
        using var tenant = await PbxTenants.CreateAsync(portal);
        await tenant.Owner.SubmitAsync("/pbx/ring-groups/new", "/pbx/ring-groups", Form());
        var id = await portal.WithDbAsync(db => db.RingGroups.Where(g => g.TenantId == tenant.Id).Select(g => g.Id).SingleAsync());

        var response = await tenant.Owner.SubmitAsync($"/pbx/ring-groups/{id}", $"/pbx/ring-groups/{id}", Form(noAnswer: "grp:160"));

        Assert.Contains("can't send unanswered calls to itself", await PbxTenants.FieldMessageAsync(response, "NoAnswer"));
        Assert.False((await portal.WithDbAsync(db => db.RingGroups.AsNoTracking().SingleAsync(g => g.Id == id))).NoAnswerDestination.IsSet);
    }

    [Fact]
    public async Task AGroupWhoseNoAnswerDestinationLeadsBackToIt_IsRefusedWithThePath()
    {
        using var tenant = await PbxTenants.CreateAsync(portal);
        await tenant.Owner.SubmitAsync("/pbx/ring-groups/new", "/pbx/ring-groups", Form());
        var e102 = await PbxTenants.ExtensionAsync(portal, tenant.Id, "102");
        var forward = PbxTenants.EditForm(e102);
        forward["ForwardAlways.Choice"] = "grp:160";
        Assert.Equal(HttpStatusCode.Redirect, (await tenant.Owner.SubmitAsync($"/pbx/extensions/{e102.Id}", $"/pbx/extensions/{e102.Id}", forward)).StatusCode);
        var id = await portal.WithDbAsync(db => db.RingGroups.Where(g => g.TenantId == tenant.Id).Select(g => g.Id).SingleAsync());

        var response = await tenant.Owner.SubmitAsync($"/pbx/ring-groups/{id}", $"/pbx/ring-groups/{id}", Form(noAnswer: "ext:102"));

        Assert.Contains("This makes a loop: 160 → 102 → 160", await PbxTenants.FieldMessageAsync(response, "NoAnswer"));
    }

    [Fact]
    public async Task DeletingAnExtension_ThatIsAGroupMember_IsRefused()
    {
        using var tenant = await PbxTenants.CreateAsync(portal);
        await tenant.Owner.SubmitAsync("/pbx/ring-groups/new", "/pbx/ring-groups", Form(members: "102"));
        var id = await PbxTenants.ExtensionIdAsync(portal, tenant.Id, "102");

        await tenant.Owner.PostWithTokenAsync($"/pbx/extensions/{id}", $"/pbx/extensions/{id}/delete");

        Assert.True(await portal.WithDbAsync(db => db.Extensions.AnyAsync(e => e.Id == id)));
        Assert.Contains("ring group 160 (Sales)", WebUtility.HtmlDecode(await tenant.Owner.GetPageAsync("/pbx/extensions")));
    }
}

public sealed class RingGroupTestsOnSqlite(SqlitePortal portal) : RingGroupTests<SqlitePortal>(portal);

public sealed class RingGroupTestsOnPostgres(PostgresPortal portal) : RingGroupTests<PostgresPortal>(portal);
