using Microsoft.Extensions.DependencyInjection;
using System.Net;
using Microsoft.EntityFrameworkCore;
using UcPortal.Data.Entities;
using UcPortal.Tests.Infrastructure;

namespace UcPortal.Tests.Pbx;

public abstract class NumberAndTrunkTests<TPortal>(TPortal portal) : IClassFixture<TPortal> where TPortal : PortalFactory
{
    private Task<int> NumberIdAsync(Guid tenantId) =>
        portal.WithDbAsync(db => db.PhoneNumbers.Where(n => n.TenantId == tenantId).Select(n => n.Id).FirstAsync());

    private static List<KeyValuePair<string, string>> Trunk(string name = "Head office", string mode = "IpAddress", string addresses = "81.2.69.160", string channels = "2") =>
        [new("Name", name), new("AuthMode", mode), new("Addresses", addresses), new("MaxChannels", channels)];

    [Fact]
    public async Task ANumbersEmergencyAddress_IsValidated_Recorded_SyncedAndShown()
    {
        using var tenant = await PbxTenants.CreateAsync(portal);
        var numberId = await NumberIdAsync(tenant.Id);
        var changes = await PbxTenants.ChangeCountAsync(portal, tenant.Id);
        Assert.Contains("No emergency address yet.", await tenant.Owner.GetPageAsync("/dashboard"));

        var bad = await tenant.Owner.SubmitAsync($"/pbx/numbers/{numberId}", $"/pbx/numbers/{numberId}",
            [new("ScheduleId", ""), new("Open.Choice", "ext:101"), new("EmergencyAddress", "home")]);
        Assert.Contains("Enter the full street address", await PbxTenants.FieldMessageAsync(bad, "EmergencyAddress"));
        Assert.Equal(changes, await PbxTenants.ChangeCountAsync(portal, tenant.Id));

        var ok = await tenant.Owner.SubmitAsync($"/pbx/numbers/{numberId}", $"/pbx/numbers/{numberId}",
            [new("ScheduleId", ""), new("Open.Choice", "ext:101"), new("EmergencyAddress", "221B Baker Street\r\nLondon NW1 6XE")]);

        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        Assert.Equal("221B Baker Street, London NW1 6XE", await portal.WithDbAsync(db => db.PhoneNumbers.Where(n => n.Id == numberId).Select(n => n.EmergencyAddress).SingleAsync()));
        Assert.Equal(changes + 1, await PbxTenants.ChangeCountAsync(portal, tenant.Id));
        Assert.Contains("emergency address set", await portal.WithDbAsync(db => db.ConfigChanges.Where(c => c.TenantId == tenant.Id).OrderByDescending(c => c.Version).Select(c => c.Description).FirstAsync()));
        await using (var scope = portal.Scope())
        {
            var state = await scope.ServiceProvider.GetRequiredService<UcPortal.Web.Features.Pbx.Sync.TenantPbxStateBuilder>().BuildAsync(tenant.Id, CancellationToken.None);
            Assert.Equal("221B Baker Street, London NW1 6XE", Assert.Single(state!.Numbers).EmergencyAddress);
        }
        Assert.Contains("Emergency address:</span> 221B Baker Street, London NW1 6XE", WebUtility.HtmlDecode(await tenant.Owner.GetPageAsync("/dashboard")));
        Assert.Contains("221B Baker Street, London NW1 6XE", WebUtility.HtmlDecode(await tenant.Owner.GetPageAsync("/pbx/numbers")));
    }

    [Fact]
    public async Task RoutingANumber_ByBusinessHours_StoresTheOpenAndClosedDestinations()
    {
        using var tenant = await PbxTenants.CreateAsync(portal);
        await tenant.Owner.SubmitAsync("/pbx/schedules/new", "/pbx/schedules", ScheduleTests<TPortal>.Form("Office", "Europe/London", ("Monday", "09:00", "17:00")));
        var scheduleId = await portal.WithDbAsync(db => db.Schedules.Where(s => s.TenantId == tenant.Id).Select(s => s.Id).SingleAsync());
        var numberId = await NumberIdAsync(tenant.Id);

        var response = await tenant.Owner.SubmitAsync($"/pbx/numbers/{numberId}", $"/pbx/numbers/{numberId}",
            [new("ScheduleId", scheduleId.ToString()), new("Open.Choice", "ext:101"), new("Closed.Choice", "external"), new("Closed.External", "+44 20 7946 0123")]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var route = await portal.WithDbAsync(db => db.NumberRoutes.AsNoTracking().SingleAsync(r => r.PhoneNumberId == numberId));
        Assert.Equal(scheduleId, route.ScheduleId);
        Assert.Equal("101", route.OpenDestination.Target);
        Assert.Equal("+442079460123", route.ClosedDestination.Target);
        Assert.Contains("routing changed", await portal.WithDbAsync(db => db.ConfigChanges.Where(c => c.TenantId == tenant.Id).OrderByDescending(c => c.Version).Select(c => c.Description).FirstAsync()));

        // The schedule is now in use: deleting it is refused with the number named.
        await tenant.Owner.PostWithTokenAsync("/pbx/schedules", $"/pbx/schedules/{scheduleId}/delete");
        Assert.True(await portal.WithDbAsync(db => db.Schedules.AnyAsync(s => s.Id == scheduleId)));
        Assert.Contains("can't be deleted while", WebUtility.HtmlDecode(await tenant.Owner.GetPageAsync("/pbx/schedules")));
    }

    [Fact]
    public async Task RoutingANumber_ToNowhere_IsRefused()
    {
        using var tenant = await PbxTenants.CreateAsync(portal);
        var numberId = await NumberIdAsync(tenant.Id);

        var response = await tenant.Owner.SubmitAsync($"/pbx/numbers/{numberId}", $"/pbx/numbers/{numberId}", [new("ScheduleId", ""), new("Open.Choice", "")]);

        Assert.Contains("Choose where calls to this number go.", await PbxTenants.FieldMessageAsync(response, "Open"));
        Assert.False(await portal.WithDbAsync(db => db.NumberRoutes.AnyAsync(r => r.PhoneNumberId == numberId)));
    }

    [Fact]
    public async Task ANumbersFailover_IsExplained_Validated_RecordedSynced_AndKeepsItsTrunk()
    {
        using var tenant = await PbxTenants.CreateAsync(portal);
        await tenant.Owner.SubmitAsync("/pbx/trunks/new", "/pbx/trunks", Trunk("Head office"));
        await tenant.Owner.SubmitAsync("/pbx/trunks/new", "/pbx/trunks", Trunk("Branch", addresses: "81.2.69.161"));
        var trunks = await portal.WithDbAsync(db => db.SipTrunks.Where(t => t.TenantId == tenant.Id).ToDictionaryAsync(t => t.Name, t => t.Id));
        var (office, branch) = (trunks["Head office"], trunks["Branch"]);
        var numberId = await NumberIdAsync(tenant.Id);
        var url = $"/pbx/numbers/{numberId}";
        var page = WebUtility.HtmlDecode(await tenant.Owner.GetPageAsync(url));
        Assert.Contains("If the trunk or PBX does not answer or is unreachable", page);
        Assert.Contains("Closing a branch or moving?", page);
        var changes = await PbxTenants.ChangeCountAsync(portal, tenant.Id);

        // Calls to an extension never reach a trunk: a failover there would never be used.
        var onExtension = await tenant.Owner.SubmitAsync(url, url, [new("ScheduleId", ""), new("Open.Choice", "ext:101"), new("Failover.Choice", "ext:101")]);
        Assert.Contains("A failover is used only when calls go to a SIP trunk", WebUtility.HtmlDecode(await PbxTenants.FieldMessageAsync(onExtension, "Failover")));
        var sameTrunk = await tenant.Owner.SubmitAsync(url, url, [new("ScheduleId", ""), new("Open.Choice", $"trunk:{office}"), new("Failover.Choice", $"trunk:{office}")]);
        Assert.Contains("somewhere else than the trunk", await PbxTenants.FieldMessageAsync(sameTrunk, "Failover"));
        var badNumber = await tenant.Owner.SubmitAsync(url, url, [new("ScheduleId", ""), new("Open.Choice", $"trunk:{office}"), new("Failover.Choice", "external"), new("Failover.External", "+44 20 123")]);
        Assert.Contains("is not a valid phone number", await PbxTenants.FieldMessageAsync(badNumber, "Failover"));
        Assert.Equal(changes, await PbxTenants.ChangeCountAsync(portal, tenant.Id));
        Assert.False(await portal.WithDbAsync(db => db.NumberRoutes.AnyAsync(r => r.PhoneNumberId == numberId)));

        var ok = await tenant.Owner.SubmitAsync(url, url, [new("ScheduleId", ""), new("Open.Choice", $"trunk:{office}"), new("Failover.Choice", "external"), new("Failover.External", "07400 123456")]);

        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        var route = await portal.WithDbAsync(db => db.NumberRoutes.AsNoTracking().SingleAsync(r => r.PhoneNumberId == numberId));
        Assert.Equal((DestinationKind.External, "+447400123456"), (route.FailoverDestination.Kind, route.FailoverDestination.Target));
        Assert.Equal(changes + 1, await PbxTenants.ChangeCountAsync(portal, tenant.Id));
        Assert.Contains("failover to", await portal.WithDbAsync(db => db.ConfigChanges.Where(c => c.TenantId == tenant.Id).OrderByDescending(c => c.Version).Select(c => c.Description).FirstAsync()));
        await using (var scope = portal.Scope())
        {
            var state = await scope.ServiceProvider.GetRequiredService<UcPortal.Web.Features.Pbx.Sync.TenantPbxStateBuilder>().BuildAsync(tenant.Id, CancellationToken.None);
            var number = Assert.Single(state!.Numbers);
            Assert.Equal(new UcPortal.Pbx.PbxDestination("trunk", office.ToString("N")), number.Open);
            Assert.Equal(new UcPortal.Pbx.PbxDestination("external", "+447400123456"), number.Failover);
        }
        var list = WebUtility.HtmlDecode(await tenant.Owner.GetPageAsync("/pbx/numbers"));
        Assert.Contains("If the trunk is down", list);
        Assert.Contains(UcPortal.Web.Features.Numbers.PhoneDisplay.Format("+447400123456"), list);

        // A trunk that is a number's failover is still in use: it can't be deleted.
        await tenant.Owner.SubmitAsync(url, url, [new("ScheduleId", ""), new("Open.Choice", $"trunk:{office}"), new("Failover.Choice", $"trunk:{branch}")]);
        await tenant.Owner.PostWithTokenAsync("/pbx/trunks", $"/pbx/trunks/{branch}/delete");
        Assert.True(await portal.WithDbAsync(db => db.SipTrunks.AnyAsync(t => t.Id == branch)), "a trunk a number fails over to was deleted");

        // Choosing "Nobody" removes the failover.
        await tenant.Owner.SubmitAsync(url, url, [new("ScheduleId", ""), new("Open.Choice", $"trunk:{office}"), new("Failover.Choice", "")]);
        Assert.False(await portal.WithDbAsync(db => db.NumberRoutes.Where(r => r.PhoneNumberId == numberId).Select(r => r.FailoverDestination.Kind != DestinationKind.None).SingleAsync()));
    }

    [Fact]
    public async Task ATrialsFailoverToAnOutsideNumber_FollowsTheForwardingRules()
    {
        using var tenant = await PbxTenants.CreateAsync(portal, paid: false);
        var numberId = await NumberIdAsync(tenant.Id);

        var response = await tenant.Owner.SubmitAsync($"/pbx/numbers/{numberId}", $"/pbx/numbers/{numberId}",
            [new("ScheduleId", ""), new("Open.Choice", "ext:101"), new("Failover.Choice", "external"), new("Failover.External", "07400 123456")]);

        Assert.Contains("A trial can forward outside your phone system only to your verified mobile", await PbxTenants.FieldMessageAsync(response, "Failover"));
        Assert.False(await portal.WithDbAsync(db => db.NumberRoutes.AnyAsync(r => r.PhoneNumberId == numberId)));
    }

    [Fact]
    public async Task ATrial_IsToldWhyItHasNoTrunks_AndCannotAddOne()
    {
        using var tenant = await PbxTenants.CreateAsync(portal, paid: false);

        var page = await tenant.Owner.GetPageAsync("/pbx/trunks");
        var response = await tenant.Owner.PostWithTokenAsync("/pbx/trunks", "/pbx/trunks", Trunk());

        Assert.Contains("SIP trunks are not part of the free trial", page);
        Assert.Contains("id=\"trunks-not-allowed\"", page);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.False(await portal.WithDbAsync(db => db.SipTrunks.AnyAsync(t => t.TenantId == tenant.Id)));
        Assert.Equal(0, await PbxTenants.ChangeCountAsync(portal, tenant.Id));
    }

    [Fact]
    public async Task ARegistrationTrunk_GetsGeneratedCredentials_ShownOnlyThroughReveal_AndANumberCanBeRoutedToIt()
    {
        using var tenant = await PbxTenants.CreateAsync(portal);

        var response = await tenant.Owner.SubmitAsync("/pbx/trunks/new", "/pbx/trunks", Trunk(mode: "Registration", addresses: ""));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var trunk = await portal.WithDbAsync(db => db.SipTrunks.AsNoTracking().SingleAsync(t => t.TenantId == tenant.Id));
        Assert.StartsWith("trunk-", trunk.Username);
        Assert.Equal(32, trunk.Ha1!.Length);
        var list = await tenant.Owner.GetPageAsync("/pbx/trunks");
        Assert.DoesNotContain("data-testid=\"trunk-password\"", list);
        var revealed = await tenant.Owner.PostWithTokenAsync("/pbx/trunks", $"/pbx/trunks/{trunk.Id}/password");
        Assert.Contains(trunk.Username!, await revealed.Content.ReadAsStringAsync());

        var numberId = await NumberIdAsync(tenant.Id);
        var routed = await tenant.Owner.SubmitAsync($"/pbx/numbers/{numberId}", $"/pbx/numbers/{numberId}", [new("ScheduleId", ""), new("Open.Choice", $"trunk:{trunk.Id}")]);
        Assert.Equal(HttpStatusCode.Redirect, routed.StatusCode);
        await tenant.Owner.PostWithTokenAsync("/pbx/trunks", $"/pbx/trunks/{trunk.Id}/delete");
        Assert.True(await portal.WithDbAsync(db => db.SipTrunks.AnyAsync(t => t.Id == trunk.Id)), "a trunk a number is routed to was deleted");
    }

    public static TheoryData<string, string> BadTrunkAddresses => new()
    {
        { "10.0.0.1", "is not a public internet address" },
        { "192.168.1.20:5080", "is not a public internet address" },
        { "100.64.3.4", "is not a public internet address" },
        { "127.0.0.1", "is not a public internet address" },
        { "fe80::1", "is not a public internet address" },
        { "fd00::1", "is not a public internet address" },
        { "224.0.0.1", "is not a public internet address" },
        { "pbx.example.com", "is not an IP address" },
        { "81.2.69.160:99999", "the port must be a number from 1 to 65535" },
        { "", "Enter at least one public IP address" },
    };

    [Theory]
    [MemberData(nameof(BadTrunkAddresses))]
    public async Task AnAddressTrunk_WithANonPublicOrBadAddress_IsRefused_AndNothingIsWritten(string addresses, string message)
    {
        using var tenant = await PbxTenants.CreateAsync(portal);

        var response = await tenant.Owner.SubmitAsync("/pbx/trunks/new", "/pbx/trunks", Trunk(addresses: addresses));

        Assert.Contains(message, await PbxTenants.FieldMessageAsync(response, "Addresses"));
        Assert.False(await portal.WithDbAsync(db => db.SipTrunks.AnyAsync(t => t.TenantId == tenant.Id)));
        Assert.Equal(0, await PbxTenants.ChangeCountAsync(portal, tenant.Id));
    }

    [Fact]
    public async Task AnAddressAlreadyUsedByAnotherTenantsTrunk_IsRefused()
    {
        using var first = await PbxTenants.CreateAsync(portal);
        using var second = await PbxTenants.CreateAsync(portal);
        var address = $"81.2.{Random.Shared.Next(1, 250)}.{Random.Shared.Next(1, 250)}";
        Assert.Equal(HttpStatusCode.Redirect, (await first.Owner.SubmitAsync("/pbx/trunks/new", "/pbx/trunks", Trunk(addresses: address))).StatusCode);

        var response = await second.Owner.SubmitAsync("/pbx/trunks/new", "/pbx/trunks", Trunk(addresses: address));

        Assert.Contains("is already used by another trunk", await PbxTenants.FieldMessageAsync(response, "Addresses"));
    }
}

public sealed class NumberAndTrunkTestsOnSqlite(SqlitePortal portal) : NumberAndTrunkTests<SqlitePortal>(portal);

public sealed class NumberAndTrunkTestsOnPostgres(PostgresPortal portal) : NumberAndTrunkTests<PostgresPortal>(portal);
