using System.Net;
using Microsoft.EntityFrameworkCore;
using UcPortal.Data.Entities;
using UcPortal.Tests.Infrastructure;
using UcPortal.Tests.Pbx;

namespace UcPortal.Tests.Admin;

/// <summary>Premium-rate and satellite destinations: refused on every plan, allowed per tenant by staff
/// from the admin tenant page (history, SIP-core sync), after which forwarding to them is accepted.</summary>
public sealed class PremiumDestinationTests(SqlitePortal portal) : IClassFixture<SqlitePortal>
{
    [Fact]
    public async Task StaffAllowPremiumForATenant_InItsHistory_AndItsForwardingThenAcceptsAPremiumNumber()
    {
        using var tenant = await PbxTenants.CreateAsync(portal, paid: true);
        var e = await PbxTenants.ExtensionAsync(portal, tenant.Id, "101");
        var form = PbxTenants.EditForm(e);
        form["ForwardNoAnswer.Choice"] = "external";
        form["ForwardNoAnswer.External"] = "0909 879 0123";
        var refused = await tenant.Owner.SubmitAsync($"/pbx/extensions/{e.Id}", $"/pbx/extensions/{e.Id}", form);
        Assert.Contains("is a premium rate number", await PbxTenants.FieldMessageAsync(refused, "ForwardNoAnswer"));

        var email = await Staff.CreateAsync(portal, StaffRoles.Support);
        using var staff = portal.CreateBrowser();
        await staff.LogInAsync(email, Staff.Password);
        var page = $"/admin/tenants/{tenant.Id}";
        var changesBefore = await PbxTenants.ChangeCountAsync(portal, tenant.Id);

        var withoutReason = await staff.SubmitAsync(page, $"{page}/premium-destinations", [new("allow", "true"), new("reason", "")]);
        Assert.Equal(HttpStatusCode.Redirect, withoutReason.StatusCode);
        Assert.False(await portal.WithDbAsync(db => db.Tenants.Where(t => t.Id == tenant.Id).Select(t => t.PremiumDestinationsAllowed).SingleAsync()));

        var allowed = await staff.SubmitAsync(page, $"{page}/premium-destinations", [new("allow", "true"), new("reason", "Runs a paid advice line, contract 4411")]);

        Assert.Equal(HttpStatusCode.Redirect, allowed.StatusCode);
        Assert.True(await portal.WithDbAsync(db => db.Tenants.Where(t => t.Id == tenant.Id).Select(t => t.PremiumDestinationsAllowed).SingleAsync()));
        var line = await portal.WithDbAsync(db => db.TenantEvents.AsNoTracking().Where(x => x.TenantId == tenant.Id).OrderByDescending(x => x.Id).FirstAsync());
        Assert.Equal(("staff:" + email, "Premium-rate and satellite destinations allowed: Runs a paid advice line, contract 4411"), (line.Actor, line.Message));
        Assert.Equal(changesBefore + 1, await PbxTenants.ChangeCountAsync(portal, tenant.Id));
        Assert.Contains("Refuse them again", await staff.GetPageAsync(page));

        var accepted = await tenant.Owner.SubmitAsync($"/pbx/extensions/{e.Id}", $"/pbx/extensions/{e.Id}", form);
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal(DestinationKind.External, (await PbxTenants.ExtensionAsync(portal, tenant.Id, "101")).ForwardNoAnswer.Kind);
    }

    [Fact]
    public async Task AnEmergencyNumber_CannotBeAnExtension()
    {
        using var tenant = await PbxTenants.CreateAsync(portal, paid: true);
        var response = await tenant.Owner.SubmitAsync("/pbx/extensions/new", "/pbx/extensions", [new("Number", "112"), new("Name", "Reception")]);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("112 is an emergency number", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        Assert.False(await portal.WithDbAsync(db => db.Extensions.AnyAsync(x => x.TenantId == tenant.Id && x.Number == "112")));
    }
}
