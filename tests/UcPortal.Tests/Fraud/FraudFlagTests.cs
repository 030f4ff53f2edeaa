using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UcPortal.Data.Entities;
using UcPortal.Pbx;
using UcPortal.Tests.Infrastructure;
using UcPortal.Tests.Usage;
using UcPortal.Web.Features.Fraud;
using UcPortal.Web.Features.Pbx.Sync;
using UcPortal.Web.Features.Usage;

namespace UcPortal.Tests.Fraud;

/// <summary>Fraud signals while a tenant runs, seen from the portal: a flag blocks outbound calls in the
/// state the SIP core gets, is in the history, emails staff and tells the customer why; staff clear it
/// from the tenant's page. The SIP core's own fast signals are tested against Kamailio (UcPortal.SipCore.Tests).</summary>
public sealed class FraudFlagTests(UsagePortal fixture) : IClassFixture<UsagePortal>
{
    [Fact]
    public async Task AnAutodialerPattern_FlagsTheTenant_BlocksOutbound_AlertsStaff_AndTheDashboardSaysWhy()
    {
        using var owner = await TenantOwner.CreateAsync(fixture.Portal);
        var mobile = await fixture.Portal.WithDbAsync(db => db.Tenants.Where(t => t.Id == owner.TenantId).Select(t => t.VerifiedMobileE164).SingleAsync());
        Assert.DoesNotContain("id=\"fraud-notice\"", await owner.Browser.GetPageAsync("/dashboard"));

        await ShortCallsAsync(owner.SipDomain, mobile, 25);
        await SweepAsync();
        await SweepAsync();

        var flag = await fixture.Portal.WithDbAsync(db => db.FraudFlags.AsNoTracking().SingleAsync(f => f.TenantId == owner.TenantId));
        Assert.Equal((FraudRules.ShortCalls, (DateTime?)null), (flag.Rule, flag.ClearedAtUtc));
        Assert.Contains("25 of 25 calls in the last hour lasted under 6 seconds", flag.Detail);
        Assert.True((await StateAsync(owner.TenantId)).Flags.Limits!.OutboundBlocked);
        var line = await fixture.Portal.WithDbAsync(db => db.TenantEvents.AsNoTracking().SingleAsync(e => e.TenantId == owner.TenantId && e.Kind == "fraud-flag"));
        Assert.Equal("job:fraud-sweep", line.Actor);
        Assert.Contains("Many very short calls", line.Message);
        var alert = await fixture.Portal.WithDbAsync(db => db.OutboxEmails.AsNoTracking()
            .SingleAsync(e => e.ToAddress == "ops@ucportal.test" && e.Subject.Contains("Fraud flag") && e.TextBody.Contains(owner.SipDomain)));
        Assert.Contains($"/admin/tenants/{owner.TenantId}", alert.TextBody);
        var dashboard = WebUtility.HtmlDecode(await owner.Browser.GetPageAsync("/dashboard"));
        Assert.Contains("id=\"fraud-notice\"", dashboard);
        Assert.Contains("Outbound calls are paused", dashboard);
        Assert.Contains("Many very short calls", dashboard);
        Assert.Contains("support@ucportal.test", dashboard);
    }

    [Fact]
    public async Task StaffClearTheFlag_FromTheTenantPage_OutboundIsAllowedAgain_AndTheCallsBeforeDoNotFlagItAgain()
    {
        using var owner = await TenantOwner.CreateAsync(fixture.Portal);
        var email = await Staff.CreateAsync(fixture.Portal, StaffRoles.Support);
        using var staff = fixture.Portal.CreateBrowser();
        await staff.LogInAsync(email, Staff.Password);
        var mobile = await fixture.Portal.WithDbAsync(db => db.Tenants.Where(t => t.Id == owner.TenantId).Select(t => t.VerifiedMobileE164).SingleAsync());
        await ShortCallsAsync(owner.SipDomain, mobile, 25);
        await SweepAsync();
        var page = $"/admin/tenants/{owner.TenantId}";
        Assert.Contains("id=\"clear-fraud-flag\"", await staff.GetPageAsync(page));

        var clear = await staff.SubmitAsync(page, $"{page}/clear-fraud-flag", [new("note", "Customer confirmed a one-off test campaign")]);
        await SweepAsync();

        Assert.Equal(HttpStatusCode.Redirect, clear.StatusCode);
        var flag = await fixture.Portal.WithDbAsync(db => db.FraudFlags.AsNoTracking().SingleAsync(f => f.TenantId == owner.TenantId));
        Assert.NotNull(flag.ClearedAtUtc);
        Assert.Equal(("staff:" + email, "Customer confirmed a one-off test campaign"), (flag.ClearedBy, flag.ClearNote));
        Assert.False((await StateAsync(owner.TenantId)).Flags.Limits!.OutboundBlocked);
        var line = await fixture.Portal.WithDbAsync(db => db.TenantEvents.AsNoTracking().SingleAsync(e => e.TenantId == owner.TenantId && e.Kind == "fraud-clear"));
        Assert.Equal("staff:" + email, line.Actor);
        Assert.Contains("one-off test campaign", line.Message);
        Assert.DoesNotContain("id=\"fraud-notice\"", await owner.Browser.GetPageAsync("/dashboard"));
        Assert.Contains("id=\"fraud-flag-none\"", await staff.GetPageAsync(page));

        // Clearing twice says so instead of failing.
        var again = await staff.SubmitAsync(page, $"{page}/clear-fraud-flag", []);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal(1, await fixture.Portal.WithDbAsync(db => db.TenantEvents.CountAsync(e => e.TenantId == owner.TenantId && e.Kind == "fraud-clear")));
    }

    [Fact]
    public async Task NormalCalling_IsNotFlagged()
    {
        using var owner = await TenantOwner.CreateAsync(fixture.Portal);
        var mobile = await fixture.Portal.WithDbAsync(db => db.Tenants.Where(t => t.Id == owner.TenantId).Select(t => t.VerifiedMobileE164).SingleAsync());
        for (var i = 0; i < 25; i++)
        {
            fixture.Calls.Add(owner.SipDomain, "outbound", "100", mobile, i % 5 == 0 ? 3 : 95, DateTime.UtcNow.AddMinutes(-30));
        }

        await ImportAsync();
        await SweepAsync();

        Assert.False(await fixture.Portal.WithDbAsync(db => db.FraudFlags.AnyAsync(f => f.TenantId == owner.TenantId)));
        Assert.False((await StateAsync(owner.TenantId)).Flags.Limits!.OutboundBlocked);
    }

    private async Task ShortCallsAsync(string domain, string to, int count)
    {
        for (var i = 0; i < count; i++)
        {
            fixture.Calls.Add(domain, "outbound", "100", to, 3, DateTime.UtcNow.AddMinutes(-10));
        }
        await ImportAsync();
    }

    private async Task ImportAsync()
    {
        await using var scope = fixture.Portal.Scope();
        await scope.ServiceProvider.GetRequiredService<CallRecordImportJob>().RunAsync(CancellationToken.None);
    }

    private async Task SweepAsync()
    {
        await using var scope = fixture.Portal.Scope();
        await scope.ServiceProvider.GetRequiredService<FraudSweepJob>().RunAsync(CancellationToken.None);
    }

    private async Task<TenantPbxState> StateAsync(Guid tenantId)
    {
        await using var scope = fixture.Portal.Scope();
        return (await scope.ServiceProvider.GetRequiredService<TenantPbxStateBuilder>().BuildAsync(tenantId, CancellationToken.None))!;
    }
}
