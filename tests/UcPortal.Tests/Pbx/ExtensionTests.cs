using System.Net;
using Microsoft.EntityFrameworkCore;
using UcPortal.Data.Entities;
using UcPortal.Tests.Infrastructure;

namespace UcPortal.Tests.Pbx;

/// <summary>Extensions: add, edit, forwarding rules, password reset, delete; every refusal shows its
/// message next to its field and writes nothing. Runs on SQLite and on PostgreSQL.</summary>
public abstract class ExtensionTests<TPortal>(TPortal portal) : IClassFixture<TPortal> where TPortal : PortalFactory
{
    [Fact]
    public async Task AddingAnExtension_StoresItWithNewCredentials_RecordsAChange_AndRaisesTheDesiredVersion()
    {
        using var tenant = await PbxTenants.CreateAsync(portal);

        var response = await tenant.Owner.SubmitAsync("/pbx/extensions/new", "/pbx/extensions", [new("Number", "103"), new("Name", "Reception"), new("Email", "desk@example.com")]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var added = await PbxTenants.ExtensionAsync(portal, tenant.Id, "103");
        Assert.Equal("Reception", added.Name);
        Assert.Equal(32, added.Ha1.Length);
        var change = await portal.WithDbAsync(db => db.ConfigChanges.SingleAsync(c => c.TenantId == tenant.Id));
        Assert.Equal("Extension 103 added", change.Description);
        Assert.Equal(tenant.OwnerEmail, change.Actor);
        var sync = await portal.WithDbAsync(db => db.TenantSyncStates.SingleAsync(s => s.TenantId == tenant.Id));
        Assert.Equal(change.Version, sync.DesiredVersion);
        Assert.Contains("Reception", await tenant.Owner.GetPageAsync("/pbx/extensions"));
    }

    public static TheoryData<string, string, string, string> BadNewExtensions => new()
    {
        // number, name, field, message
        { "100", "Dup", "Number", "100 is already extension 100" },
        { "99", "Low", "Number", "uses numbers from 100 to 499" },
        { "500", "High", "Number", "uses numbers from 100 to 499" },
        { "1a2", "Letters", "Number", "Use digits only" },
        { "", "Empty", "Number", "Enter a number." },
        { "150", "", "Name", "Enter a name" },
    };

    [Theory]
    [MemberData(nameof(BadNewExtensions))]
    public async Task AddingAnExtension_WithABadNumberOrName_ShowsTheMessageNextToTheField_AndWritesNothing(string number, string name, string field, string message)
    {
        using var tenant = await PbxTenants.CreateAsync(portal);

        var response = await tenant.Owner.SubmitAsync("/pbx/extensions/new", "/pbx/extensions", [new("Number", number), new("Name", name)]);

        Assert.Contains(message, await PbxTenants.FieldMessageAsync(response, field));
        Assert.Equal(3, await portal.WithDbAsync(db => db.Extensions.CountAsync(e => e.TenantId == tenant.Id)));
        Assert.Equal(0, await PbxTenants.ChangeCountAsync(portal, tenant.Id));
    }

    [Fact]
    public async Task AddingAnExtension_WithTheNumberOfARingGroup_IsRefused()
    {
        using var tenant = await PbxTenants.CreateAsync(portal);
        await portal.WithDbAsync(db =>
        {
            db.RingGroups.Add(new RingGroup { Id = Guid.NewGuid(), TenantId = tenant.Id, Number = "160", Name = "Sales", Strategy = RingStrategy.Simultaneous });
            return db.SaveChangesAsync();
        });

        var response = await tenant.Owner.SubmitAsync("/pbx/extensions/new", "/pbx/extensions", [new("Number", "160"), new("Name", "Clash")]);

        Assert.Contains("160 is already ring group 160 (Sales)", await PbxTenants.FieldMessageAsync(response, "Number"));
        Assert.False(await portal.WithDbAsync(db => db.Extensions.AnyAsync(e => e.TenantId == tenant.Id && e.Number == "160")));
    }

    [Fact]
    public async Task AddingAnExtension_BeyondThePlansLimit_IsRefused()
    {
        using var tenant = await PbxTenants.CreateAsync(portal, paid: false);

        var response = await tenant.Owner.SubmitAsync("/pbx/extensions/new", "/pbx/extensions", [new("Number", "150"), new("Name", "Fourth")]);

        Assert.Contains("includes 3 extensions and you have 3", await PbxTenants.FieldMessageAsync(response, "Number"));
        Assert.Equal(0, await PbxTenants.ChangeCountAsync(portal, tenant.Id));
    }

    [Fact]
    public async Task ForwardingToANationalNumber_StoresItAsE164()
    {
        using var tenant = await PbxTenants.CreateAsync(portal);
        var e = await PbxTenants.ExtensionAsync(portal, tenant.Id, "101");
        var form = PbxTenants.EditForm(e);
        form["ForwardUnregistered.Choice"] = "external";
        form["ForwardUnregistered.External"] = "020 7946 0123";

        var response = await tenant.Owner.SubmitAsync($"/pbx/extensions/{e.Id}", $"/pbx/extensions/{e.Id}", form);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var saved = await PbxTenants.ExtensionAsync(portal, tenant.Id, "101");
        Assert.Equal(DestinationKind.External, saved.ForwardUnregistered.Kind);
        Assert.Equal("+442079460123", saved.ForwardUnregistered.Target);
        Assert.Equal("Extension 101 changed", await portal.WithDbAsync(db => db.ConfigChanges.Where(c => c.TenantId == tenant.Id).Select(c => c.Description).SingleAsync()));
    }

    public static TheoryData<bool, string, string> BadExternalNumbers => new()
    {
        // paid?, number typed, message
        { true, "12345", "is not a valid phone number" },
        { true, "call me", "Enter a phone number" },
        { true, "+1 212 555 0100", "is an international number and your plan does not include international calls" },
        { true, "0909 879 0123", "is a premium rate number: calls can't be forwarded there" },
        { true, "+870 773 111 632", "is a satellite / international network number: calls can't be forwarded there" },
        { false, "+1 212 555 0100", "A trial can only forward to numbers in its own country (+44)" },
        { false, "020 7946 0123", "A trial can forward outside your phone system only to your verified mobile" },
    };

    [Theory]
    [MemberData(nameof(BadExternalNumbers))]
    public async Task ForwardingToABadOrForbiddenOutsideNumber_ShowsTheMessage_AndWritesNothing(bool paid, string number, string message)
    {
        using var tenant = await PbxTenants.CreateAsync(portal, paid);
        var e = await PbxTenants.ExtensionAsync(portal, tenant.Id, "101");
        var form = PbxTenants.EditForm(e);
        form["ForwardNoAnswer.Choice"] = "external";
        form["ForwardNoAnswer.External"] = number;

        var response = await tenant.Owner.SubmitAsync($"/pbx/extensions/{e.Id}", $"/pbx/extensions/{e.Id}", form);

        Assert.Contains(message, await PbxTenants.FieldMessageAsync(response, "ForwardNoAnswer"));
        Assert.False((await PbxTenants.ExtensionAsync(portal, tenant.Id, "101")).ForwardNoAnswer.IsSet);
        Assert.Equal(0, await PbxTenants.ChangeCountAsync(portal, tenant.Id));
    }

    [Fact]
    public async Task ATrial_MayForwardToItsVerifiedMobile()
    {
        using var tenant = await PbxTenants.CreateAsync(portal, paid: false);
        var mobile = await portal.WithDbAsync(db => db.Tenants.Where(t => t.Id == tenant.Id).Select(t => t.VerifiedMobileE164).SingleAsync());
        var e = await PbxTenants.ExtensionAsync(portal, tenant.Id, "100");
        var form = PbxTenants.EditForm(e);
        form["ForwardUnregistered.Choice"] = "external";
        form["ForwardUnregistered.External"] = "0" + mobile[3..]; // national form: 07701 …

        var response = await tenant.Owner.SubmitAsync($"/pbx/extensions/{e.Id}", $"/pbx/extensions/{e.Id}", form);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(mobile, (await PbxTenants.ExtensionAsync(portal, tenant.Id, "100")).ForwardUnregistered.Target);
    }

    [Fact]
    public async Task ForwardingThatLoopsBack_IsRefusedWithThePath_AndWritesNothing()
    {
        using var tenant = await PbxTenants.CreateAsync(portal);
        var e101 = await PbxTenants.ExtensionAsync(portal, tenant.Id, "101");
        var e102 = await PbxTenants.ExtensionAsync(portal, tenant.Id, "102");
        var first = PbxTenants.EditForm(e101);
        first["ForwardAlways.Choice"] = "ext:102";
        Assert.Equal(HttpStatusCode.Redirect, (await tenant.Owner.SubmitAsync($"/pbx/extensions/{e101.Id}", $"/pbx/extensions/{e101.Id}", first)).StatusCode);

        var second = PbxTenants.EditForm(e102);
        second["ForwardAlways.Choice"] = "ext:101";
        var response = await tenant.Owner.SubmitAsync($"/pbx/extensions/{e102.Id}", $"/pbx/extensions/{e102.Id}", second);

        Assert.Contains("This forwarding makes a loop: 102 → 101 → 102", await PbxTenants.FieldMessageAsync(response, "ForwardAlways"));
        Assert.False((await PbxTenants.ExtensionAsync(portal, tenant.Id, "102")).ForwardAlways.IsSet);
        Assert.Equal(1, await PbxTenants.ChangeCountAsync(portal, tenant.Id));
    }

    [Fact]
    public async Task DeletingAnExtension_ThatAnotherForwardsTo_IsRefusedWithTheReason()
    {
        using var tenant = await PbxTenants.CreateAsync(portal);
        var e101 = await PbxTenants.ExtensionAsync(portal, tenant.Id, "101");
        var e102 = await PbxTenants.ExtensionAsync(portal, tenant.Id, "102");
        var form = PbxTenants.EditForm(e101);
        form["ForwardBusy.Choice"] = "ext:102";
        await tenant.Owner.SubmitAsync($"/pbx/extensions/{e101.Id}", $"/pbx/extensions/{e101.Id}", form);

        var response = await tenant.Owner.PostWithTokenAsync($"/pbx/extensions/{e102.Id}", $"/pbx/extensions/{e102.Id}/delete");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.True(await portal.WithDbAsync(db => db.Extensions.AnyAsync(e => e.Id == e102.Id)));
        var list = WebUtility.HtmlDecode(await tenant.Owner.GetPageAsync("/pbx/extensions"));
        Assert.Contains("Extension 102 can't be deleted while calls are sent to it by the forwarding of extension 101", list);
    }

    [Fact]
    public async Task DeletingAnUnusedExtension_RemovesIt_AndRecordsTheChange()
    {
        using var tenant = await PbxTenants.CreateAsync(portal);
        var id = await PbxTenants.ExtensionIdAsync(portal, tenant.Id, "102");

        await tenant.Owner.PostWithTokenAsync($"/pbx/extensions/{id}", $"/pbx/extensions/{id}/delete");

        Assert.False(await portal.WithDbAsync(db => db.Extensions.AnyAsync(e => e.Id == id)));
        Assert.Equal("Extension 102 deleted", await portal.WithDbAsync(db => db.ConfigChanges.Where(c => c.TenantId == tenant.Id).Select(c => c.Description).SingleAsync()));
    }

    [Fact]
    public async Task ResettingTheSipPassword_ShowsANewOne_AndReplacesTheHa1()
    {
        using var tenant = await PbxTenants.CreateAsync(portal);
        var before = await PbxTenants.ExtensionAsync(portal, tenant.Id, "100");

        var response = await tenant.Owner.PostWithTokenAsync($"/pbx/extensions/{before.Id}", $"/pbx/extensions/{before.Id}/reset-password");

        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("New SIP password for extension 100", html);
        var after = await PbxTenants.ExtensionAsync(portal, tenant.Id, "100");
        Assert.NotEqual(before.Ha1, after.Ha1);
        Assert.NotEqual(before.SipPasswordProtected, after.SipPasswordProtected);
    }

    [Fact]
    public async Task AMember_SeesOnlyTheirOwnExtension_AndMayChangeOnlyItsForwarding()
    {
        using var tenant = await PbxTenants.CreateAsync(portal);
        using var member = await PbxTenants.MemberAsync(portal, tenant.Id, "101");
        var own = await PbxTenants.ExtensionAsync(portal, tenant.Id, "101");
        var other = await PbxTenants.ExtensionAsync(portal, tenant.Id, "102");

        var list = await member.GetPageAsync("/pbx/extensions");
        Assert.Contains("data-extension=\"101\"", list);
        Assert.DoesNotContain("data-extension=\"102\"", list);
        // The menu offers a member only what a member can use.
        Assert.Contains("href=\"/pbx/extensions\"", list);
        Assert.DoesNotContain("href=\"/pbx/ring-groups\"", list);
        Assert.DoesNotContain("href=\"/pbx/team\"", list);
        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync($"/pbx/extensions/{other.Id}")).StatusCode);

        var form = PbxTenants.EditForm(own);
        form["Name"] = "Renamed by member";
        form["DoNotDisturb"] = "true";
        form["ForwardNoAnswer.Choice"] = "ext:102";
        var response = await member.SubmitAsync($"/pbx/extensions/{own.Id}", $"/pbx/extensions/{own.Id}", form);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var saved = await PbxTenants.ExtensionAsync(portal, tenant.Id, "101");
        Assert.True(saved.DoNotDisturb);
        Assert.Equal("102", saved.ForwardNoAnswer.Target);
        Assert.Equal(own.Name, saved.Name);

        var otherForm = PbxTenants.EditForm(other);
        otherForm["DoNotDisturb"] = "true";
        var refused = await member.SubmitAsync($"/pbx/extensions/{own.Id}", $"/pbx/extensions/{other.Id}", otherForm);
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.False((await PbxTenants.ExtensionAsync(portal, tenant.Id, "102")).DoNotDisturb);
    }
}

public sealed class ExtensionTestsOnSqlite(SqlitePortal portal) : ExtensionTests<SqlitePortal>(portal);

public sealed class ExtensionTestsOnPostgres(PostgresPortal portal) : ExtensionTests<PostgresPortal>(portal);
