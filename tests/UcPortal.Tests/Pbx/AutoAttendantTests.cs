using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UcPortal.Data.Entities;
using UcPortal.Tests.Infrastructure;

namespace UcPortal.Tests.Pbx;

/// <summary>Auto attendants on the PBX pages (decision 026): saved and recorded as a PBX change; a key pointing at
/// an extension that does not exist, and menus leading back to each other, are refused next to the field.</summary>
public abstract class AutoAttendantTests<TPortal>(TPortal portal) : IClassFixture<TPortal> where TPortal : PortalFactory
{
    private static List<KeyValuePair<string, string>> Form(string name = "Main menu", params (int Index, string Choice)[] keys)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("Name", name), new("PromptText", "For sales press 1."), new("TimeoutSeconds", "8"),
            new("Timeout.Choice", ""), new("Invalid.Choice", ""),
        };
        // The page posts all twelve keys (a list binds only up to its first missing index).
        form.AddRange(Enumerable.Range(0, 12).Select(i => new KeyValuePair<string, string>($"Keys[{i}].Choice", keys.FirstOrDefault(k => k.Index == i).Choice ?? "")));
        return form;
    }

    private static async Task<Guid> MenuIdAsync(TPortal portal, Guid tenantId, string name) =>
        await portal.WithDbAsync(db => db.AutoAttendants.Where(a => a.TenantId == tenantId && a.Name == name).Select(a => a.Id).SingleAsync());

    [Fact]
    public async Task AddingAMenu_StoresItsKeys_AndRecordsTheChange()
    {
        using var tenant = await PbxTenants.CreateAsync(portal);

        // Keys[1] is key 2 (keys in the order 1 2 3 … 9 * 0 #).
        var response = await tenant.Owner.SubmitAsync("/pbx/auto-attendants/new", "/pbx/auto-attendants", Form(keys: [(0, "ext:100"), (1, "ext:101")]));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var menu = await portal.WithDbAsync(db => db.AutoAttendants.AsNoTracking().SingleAsync(a => a.TenantId == tenant.Id));
        Assert.Equal("100", menu.KeyMap()['1'].Target);
        Assert.Equal("101", menu.KeyMap()['2'].Target);
        Assert.Equal("Auto attendant Main menu added", await portal.WithDbAsync(db => db.ConfigChanges.Where(c => c.TenantId == tenant.Id).Select(c => c.Description).SingleAsync()));
    }

    [Fact]
    public async Task AKeyPointingAtAnExtensionThatDoesNotExist_IsRefusedNextToTheKey_AndNothingIsWritten()
    {
        using var tenant = await PbxTenants.CreateAsync(portal);

        var response = await tenant.Owner.SubmitAsync("/pbx/auto-attendants/new", "/pbx/auto-attendants", Form(keys: [(0, "ext:100"), (1, "ext:177")]));

        Assert.Contains("Extension 177 does not exist", await PbxTenants.FieldMessageAsync(response, "Keys[1]"));
        Assert.False(await portal.WithDbAsync(db => db.AutoAttendants.AnyAsync(a => a.TenantId == tenant.Id)));
        Assert.Equal(0, await PbxTenants.ChangeCountAsync(portal, tenant.Id));
    }

    [Fact]
    public async Task AnExtensionAMenuSendsCallsTo_CannotBeDeleted()
    {
        using var tenant = await PbxTenants.CreateAsync(portal);
        await tenant.Owner.SubmitAsync("/pbx/auto-attendants/new", "/pbx/auto-attendants", Form(keys: [(0, "ext:102")]));
        var e102 = await PbxTenants.ExtensionAsync(portal, tenant.Id, "102");

        await tenant.Owner.PostWithTokenAsync($"/pbx/extensions/{e102.Id}", $"/pbx/extensions/{e102.Id}/delete");

        Assert.True(await portal.WithDbAsync(db => db.Extensions.AnyAsync(e => e.Id == e102.Id)));
    }

    [Fact]
    public async Task ARepeatKey_IsStored_ShownAgain_AndTheSipCoreGetsTheRepeatLimit()
    {
        using var tenant = await PbxTenants.CreateAsync(portal);

        // Keys[8] is key 9.
        var response = await tenant.Owner.SubmitAsync("/pbx/auto-attendants/new", "/pbx/auto-attendants", Form(keys: [(0, "ext:100"), (8, "repeat")]));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var menu = await portal.WithDbAsync(db => db.AutoAttendants.AsNoTracking().SingleAsync(a => a.TenantId == tenant.Id));
        Assert.Equal("9", menu.RepeatKeys());
        Assert.False(menu.KeyMap().ContainsKey('9'));
        var edit = await tenant.Owner.GetPageAsync($"/pbx/auto-attendants/{menu.Id}");
        var key9 = edit[edit.IndexOf("name=\"Keys[8].Choice\"", StringComparison.Ordinal)..];
        Assert.Contains("<option value=\"repeat\" selected=\"selected\">Repeat this menu</option>", key9[..key9.IndexOf("</select>", StringComparison.Ordinal)]);

        await using var scope = portal.Scope();
        var state = await scope.ServiceProvider.GetRequiredService<UcPortal.Web.Features.Pbx.Sync.TenantPbxStateBuilder>().BuildAsync(tenant.Id, CancellationToken.None);
        var attendant = Assert.Single(state!.Menus!);
        Assert.Equal(AutoAttendant.MaxRepeats, attendant.Repeats);
        Assert.False(attendant.Keys.ContainsKey('9'));
        Assert.Contains(UcPortal.Pbx.KamailioStateWriter.HtableRows(state), r => r.Key == $"i:{menu.Id:N}:kr" && r.Value == AutoAttendant.MaxRepeats.ToString());
    }

    [Fact]
    public async Task AMenuWhoseOnlyKeyRepeatsIt_IsRefused()
    {
        using var tenant = await PbxTenants.CreateAsync(portal);

        var response = await tenant.Owner.SubmitAsync("/pbx/auto-attendants/new", "/pbx/auto-attendants", Form(keys: [(8, "repeat")]));

        Assert.Contains("other than this menu again", await PbxTenants.FieldMessageAsync(response, "Keys[0]"));
        Assert.False(await portal.WithDbAsync(db => db.AutoAttendants.AnyAsync(a => a.TenantId == tenant.Id)));
    }

    [Fact]
    public async Task MenusLeadingBackToEachOther_AreRefusedWithTheLoop()
    {
        using var tenant = await PbxTenants.CreateAsync(portal);
        Assert.Equal(HttpStatusCode.Redirect, (await tenant.Owner.SubmitAsync("/pbx/auto-attendants/new", "/pbx/auto-attendants", Form("Main", (0, "ext:100")))).StatusCode);
        var main = await MenuIdAsync(portal, tenant.Id, "Main");
        Assert.Equal(HttpStatusCode.Redirect, (await tenant.Owner.SubmitAsync("/pbx/auto-attendants/new", "/pbx/auto-attendants", Form("Support", (0, "ext:101"), (8, $"ivr:{main}")))).StatusCode);
        var support = await MenuIdAsync(portal, tenant.Id, "Support");
        var supportKeys = await portal.WithDbAsync(db => db.AutoAttendants.Where(a => a.Id == support).Select(a => a.Keys).SingleAsync());
        Assert.Contains($"9=Menu:{main}", supportKeys);

        // Main, key 2 → Support, whose key 9 leads back to Main.
        var response = await tenant.Owner.SubmitAsync($"/pbx/auto-attendants/{main}", $"/pbx/auto-attendants/{main}", Form("Main", (0, "ext:100"), (1, $"ivr:{support}")));

        Assert.Contains("loop of menus: Main → Support → Main", await PbxTenants.FieldMessageAsync(response, "Keys[1]"));
        var stored = await portal.WithDbAsync(db => db.AutoAttendants.AsNoTracking().SingleAsync(a => a.Id == main));
        Assert.False(stored.KeyMap().ContainsKey('2'));
    }
}

public sealed class AutoAttendantTestsOnSqlite(SqlitePortal portal) : AutoAttendantTests<SqlitePortal>(portal);

public sealed class AutoAttendantTestsOnPostgres(PostgresPortal portal) : AutoAttendantTests<PostgresPortal>(portal);
